import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { registerLayers } from '@bnkit/layers';
import { DEFAULT_OPSET, MAX_OPSET, MIN_OPSET } from '@bnkit/onnx';
import { exportModelFile, TRITON_INSTANCE_KINDS } from '@bnkit/onnx/node';
import { CliUsageError } from '../cli-error.js';
import { choiceFlag, integerFlag } from '../flag-values.js';
import { checkInputFileFlag, checkOutputFileFlag, checkOutputFolderFlag } from '../path-flags.js';
import { BACKEND_CHOICES, selectBackend } from '../select-backend.js';
import type { CliCommand } from '../run-cli.js';

const HELP = `Usage: bnkit export <model.json> [options]

Exports a tfjs-layers model (model.json and its weight files, as tfjs's model.save writes them)
to ONNX. Models that use bnkit's layers load too.

Options:
  -o, --output <file>      ONNX file to write (default: model.onnx beside model.json)
  --opset <n>              ONNX opset, ${MIN_OPSET} to ${MAX_OPSET} (default ${DEFAULT_OPSET})
  --bn <mode>              fold | op | affine: how BatchNormalization is exported (default fold)
  --static-batch <n>       fix the batch dimension (default: symbolic "batch")
  --verify                 run tfjs and onnxruntime on random inputs and compare (max abs, rel error)
  --triton <dir>           also write a Triton model repository into <dir>
  --triton-name <name>     the model's name in the Triton repository (default: the file's name)
  --triton-instance <kind> ${TRITON_INSTANCE_KINDS.join(' | ')}: where Triton runs the model (default auto:
                           KIND_AUTO, GPUs when the server has them, else the CPU)
  --max-batch-size <n>     Triton's max_batch_size, 0 to disable batching (default 64)
  --backend <name>         tfjs backend for --verify: ${BACKEND_CHOICES.join(', ')} (default auto)
  --no-wasm-kernels        on the wasm backend, verify with tfjs-backend-wasm's own kernels instead
                           of @bnkit/wasm-kernels'
  -h, --help               show this help
`;

async function run(args: string[], io: { stdout: (t: string) => void }): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      output: { type: 'string', short: 'o' },
      opset: { type: 'string' },
      bn: { type: 'string' },
      'static-batch': { type: 'string' },
      verify: { type: 'boolean' },
      triton: { type: 'string' },
      'triton-name': { type: 'string' },
      'triton-instance': { type: 'string' },
      'max-batch-size': { type: 'string' },
      backend: { type: 'string' },
      'no-wasm-kernels': { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) {
    throw new CliUsageError(
      `export takes exactly one model.json, got ${positionals.length} (see bnkit export --help)`,
    );
  }
  const modelJson = positionals[0] as string;
  const opset = integerFlag('opset', values.opset, DEFAULT_OPSET, MIN_OPSET, MAX_OPSET);
  const bn = choiceFlag('bn', values.bn, 'fold', ['fold', 'op', 'affine'] as const);
  const staticBatch =
    values['static-batch'] === undefined
      ? undefined
      : integerFlag('static-batch', values['static-batch'], 1, 1);
  const tritonInstance = choiceFlag(
    'triton-instance',
    values['triton-instance'],
    'auto',
    TRITON_INSTANCE_KINDS,
  );
  const maxBatchSize = integerFlag('max-batch-size', values['max-batch-size'], 64, 0);
  if (
    values.triton === undefined &&
    (values['triton-instance'] !== undefined || values['max-batch-size'] !== undefined)
  ) {
    throw new CliUsageError('--triton-instance and --max-batch-size need --triton <dir>');
  }
  const backend = choiceFlag('backend', values.backend, 'auto', BACKEND_CHOICES);
  checkInputFileFlag('model.json', modelJson);
  if (values.output !== undefined) checkOutputFileFlag('--output', values.output);
  if (values.triton !== undefined) checkOutputFolderFlag('--triton', values.triton);
  await selectBackend(backend, { wasmKernels: values['no-wasm-kernels'] !== true });
  registerLayers();
  const name = values['triton-name'] ?? path.basename(path.dirname(path.resolve(modelJson)));
  const result = await exportModelFile(modelJson, {
    output: values.output,
    opset,
    bn,
    staticBatch,
    verify: values.verify === true,
    triton:
      values.triton === undefined
        ? undefined
        : {
            dir: values.triton,
            name: name.replace(/[^A-Za-z0-9_.-]/g, '_'),
            instance: tritonInstance,
            maxBatchSize,
          },
  });
  io.stdout(`wrote ${result.output} (opset ${result.report.opset})\n`);
  if (result.report.verification) {
    const { maxAbsError, maxRelError } = result.report.verification;
    io.stdout(
      `verified against tfjs: max abs error ${maxAbsError.toExponential(2)}, max rel error ${maxRelError.toExponential(2)}\n`,
    );
  }
  if (result.triton) {
    const kind = /kind: (\w+)/.exec(result.triton.config)?.[1] ?? '?';
    io.stdout(
      `wrote Triton repository ${result.triton.modelDir} (${kind}, max_batch_size ${maxBatchSize})\n`,
    );
  }
  return 0;
}

/** `bnkit export`: model.json to ONNX, optionally verified and with a Triton repository. */
export const exportCommand: CliCommand = {
  summary: 'Export a tfjs-layers model.json to ONNX (and a Triton repository)',
  help: HELP,
  run,
};
