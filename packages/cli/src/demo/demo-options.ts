import { parseArgs } from 'node:util';
import { CliUsageError } from '../cli-error.js';
import { choiceFlag, integerFlag, positiveNumberFlag } from '../flag-values.js';
import { BACKEND_CHOICES } from '../select-backend.js';
import type { BackendChoice } from '../select-backend.js';

export const DEVICE_CHOICES = ['auto', 'cpu', 'cuda', 'webgpu'] as const;

/** Everything a user can change about the demo; the defaults are the Python original's. */
export interface DemoOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  batchNorm: boolean;
  out: string;
  backend: BackendChoice;
  /** On the wasm backend, train with `@bnkit/wasm-kernels` registered (default true). */
  wasmKernels: boolean;
  device: (typeof DEVICE_CHOICES)[number];
  /** Print one line per epoch instead of a live bar, and no summary table decoration. */
  quiet: boolean;
}

export const DEMO_HELP = `Usage: bnkit demo [options]

Runs the reference pipeline: make_classification(n_samples=1000, n_features=20, n_classes=2),
train_test_split(test_size=0.2), Dense(64, relu) -> BatchNormalization -> Dense(64, relu) ->
BatchNormalization -> Dense(1, sigmoid) trained with Adam and binary cross-entropy, validated on
the test split; then plots, CSV history, the tfjs model, ONNX export (BN folded) verified against
tfjs, a Triton repository and an HTML report.

Options:
  --epochs <n>        training epochs (default 50)
  --batch-size <n>    batch size (default 32)
  --lr <x>            Adam learning rate (default 0.001)
  --seed <n>          random_state of the data and split, and the weight and shuffle seed (default 42)
  --no-bn             the same model without BatchNormalization
  --out <dir>         where to write the results (default ./bnkit-out)
  --backend <name>    tfjs backend: ${BACKEND_CHOICES.join(', ')} (default auto: wasm, else cpu)
  --no-wasm-kernels   on the wasm backend, train with tfjs-backend-wasm's own kernels instead of
                      @bnkit/wasm-kernels' (same numbers, slower)
  --device <name>     onnxruntime device: ${DEVICE_CHOICES.join(', ')} (default auto: CUDA, else
                      WebGPU, else CPU); an explicit device that cannot be had stops the demo
                      before training
  --quiet             one line per epoch, even on a terminal
  -h, --help          show this help
`;

/** Parses the demo's flags; a wrong flag or value is a CliUsageError (exit status 2). */
export function parseDemoOptions(args: string[]): DemoOptions {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      lr: { type: 'string' },
      seed: { type: 'string' },
      'no-bn': { type: 'boolean' },
      out: { type: 'string' },
      backend: { type: 'string' },
      'no-wasm-kernels': { type: 'boolean' },
      device: { type: 'string' },
      quiet: { type: 'boolean' },
    },
  });
  if (positionals.length > 0) {
    throw new CliUsageError(
      `demo takes no arguments, got ${JSON.stringify(positionals[0])} (see bnkit demo --help)`,
    );
  }
  if (values.out !== undefined && values.out.trim() === '') {
    throw new CliUsageError('--out must name a directory, got ""');
  }
  return {
    epochs: integerFlag('epochs', values.epochs, 50, 1, 100_000),
    batchSize: integerFlag('batch-size', values['batch-size'], 32, 1, 800),
    learningRate: positiveNumberFlag('lr', values.lr, 0.001, 10),
    seed: integerFlag('seed', values.seed, 42, 0, 2 ** 32 - 1),
    batchNorm: values['no-bn'] !== true,
    out: values.out ?? 'bnkit-out',
    backend: choiceFlag('backend', values.backend, 'auto', BACKEND_CHOICES),
    wasmKernels: values['no-wasm-kernels'] !== true,
    device: choiceFlag('device', values.device, 'auto', DEVICE_CHOICES),
    quiet: values.quiet === true,
  };
}
