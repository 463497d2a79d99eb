// Times the reference pipeline's 50 epochs with bnkit (wasm and cpu backends) against the same
// model and data in PyTorch (Debian's python3-torch via /usr/bin/python3, when installed), in
// one run. Also the same tfjs model with tfjs-layers' own BatchNormalization (and tf.train.adam:
// plain tfjs) and with no BN (bnkit's fusedAdam, as the bnkit model), so the table shows what
// bnkit's layer costs inside a whole training step. Every configuration is trained once for a few
// epochs to warm up (JIT, wasm), then the three are timed in turn, twice, keeping each one's best.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { buildReferenceModel, referenceData } from '@bnkit/cli';
import { toTensors, toTfDataset } from '@bnkit/datasets';
import { registerLayers } from '@bnkit/layers';
import { recordBenchRow } from '../../../tools/bench/report.mjs';
import { tfjsReferenceModel } from '../../../tools/bench/reference-model.mjs';

const EPOCHS = Number(process.env.BNKIT_BENCH_EPOCHS ?? 50);
const WARMUP_EPOCHS = 3;
const REPEATS = 2;
const here = path.dirname(fileURLToPath(import.meta.url));

async function timeTraining(model, data, epochs = EPOCHS) {
  const test = toTensors(data.test);
  const start = process.hrtime.bigint();
  const history = await model.fitDataset(
    toTfDataset(data.train, { batchSize: 32, shuffle: true, seed: 42 }),
    {
      epochs,
      validationData: [test.xs, test.ys],
      verbose: 0,
    },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  tf.dispose([test.xs, test.ys]);
  model.dispose();
  return { seconds, valAcc: history.history.val_acc.at(-1) };
}

function pytorchSeconds() {
  if (!fs.existsSync('/usr/bin/python3')) return null;
  try {
    const out = execFileSync(
      '/usr/bin/python3',
      [path.join(here, 'reference_pytorch.py'), String(EPOCHS)],
      { encoding: 'utf8' },
    );
    return JSON.parse(out.trim().split('\n').at(-1));
  } catch (error) {
    console.warn(`PyTorch reference skipped: ${error.message.split('\n')[0]}`);
    return null;
  }
}

registerLayers();
const data = referenceData(42);
const torch = pytorchSeconds();
if (torch)
  console.log(
    `PyTorch: ${torch.seconds.toFixed(2)} s, test accuracy ${torch.test_accuracy.toFixed(3)}`,
  );
for (const backend of ['wasm', 'cpu']) {
  await tf.setBackend(backend);
  await tf.ready();
  const configurations = {
    ours: () => buildReferenceModel({ nFeatures: data.nFeatures, seed: 42 }),
    theirs: () => tfjsReferenceModel({ nFeatures: data.nFeatures, seed: 42, compile: true }),
    plain: () =>
      buildReferenceModel({ nFeatures: data.nFeatures, seed: 42, normalization: 'none' }),
  };
  for (const build of Object.values(configurations))
    await timeTraining(build(), data, WARMUP_EPOCHS);
  const best = {};
  for (let r = 0; r < REPEATS; r++) {
    for (const [name, build] of Object.entries(configurations)) {
      const run = await timeTraining(build(), data);
      if (!best[name] || run.seconds < best[name].seconds) best[name] = run;
    }
  }
  const { ours, theirs, plain } = best;
  console.log(
    `${backend}: bnkit BN ${ours.seconds.toFixed(2)} s (test acc ${ours.valAcc.toFixed(3)}), tfjs-layers BN ${theirs.seconds.toFixed(2)} s, no BN ${plain.seconds.toFixed(2)} s`,
  );
  if (torch) {
    recordBenchRow({
      what: `reference pipeline, ${EPOCHS} epochs, ${backend} vs PyTorch`,
      ours: ours.seconds,
      reference: torch.seconds,
      referenceName: 'PyTorch 1.13 CPU',
      unit: 's',
      target: '>= 0.5x (within 2x of PyTorch)',
    });
  } else {
    recordBenchRow({
      what: `reference pipeline, ${EPOCHS} epochs, ${backend}`,
      ours: ours.seconds,
      unit: 's',
      target: 'PyTorch not installed',
    });
  }
  recordBenchRow({
    what: `reference pipeline, ${EPOCHS} epochs, ${backend}: bnkit vs plain tfjs`,
    ours: ours.seconds,
    reference: theirs.seconds,
    referenceName: 'tfjs-layers BN, tf.train.adam',
    unit: 's',
  });
  recordBenchRow({
    what: `reference pipeline, ${EPOCHS} epochs, ${backend}: bnkit BN vs no BN`,
    ours: ours.seconds,
    reference: plain.seconds,
    referenceName: 'no BN',
    unit: 's',
    target: '>= 0.8x (BN costs <= 1.25x)',
  });
}
