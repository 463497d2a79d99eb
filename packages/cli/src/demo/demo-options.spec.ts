import { CliUsageError } from '../cli-error.js';
import { parseDemoOptions } from './demo-options.js';

describe('parseDemoOptions', () => {
  it('defaults to the Python original: 50 epochs, batch 32, Adam 0.001, seed 42, with BN', () => {
    expect(parseDemoOptions([])).toEqual({
      epochs: 50,
      batchSize: 32,
      learningRate: 0.001,
      seed: 42,
      batchNorm: true,
      out: 'bnkit-out',
      backend: 'auto',
      wasmKernels: true,
      device: 'auto',
      quiet: false,
    });
  });

  it('reads every flag', () => {
    const options = parseDemoOptions([
      '--epochs',
      '3',
      '--batch-size',
      '16',
      '--lr',
      '0.01',
      '--seed',
      '7',
      '--no-bn',
      '--out',
      'x',
      '--backend',
      'cpu',
      '--device',
      'cpu',
      '--no-wasm-kernels',
      '--quiet',
    ]);
    expect(options).toEqual({
      epochs: 3,
      batchSize: 16,
      learningRate: 0.01,
      seed: 7,
      batchNorm: false,
      out: 'x',
      backend: 'cpu',
      wasmKernels: false,
      device: 'cpu',
      quiet: true,
    });
  });

  it.each([
    [['--epochs', '0'], /--epochs must be an integer from 1 to 100000, got "0"/],
    [['--epochs', '2.5'], /--epochs must be an integer .* got "2.5"/],
    [['--batch-size', 'abc'], /--batch-size must be an integer .* got "abc"/],
    [['--lr=-1'], /--lr must be a number above 0 and at most 10, got "-1"/],
    [['--lr', '0'], /--lr must be a number above 0 and at most 10, got "0"/],
    [['--lr', 'NaN'], /--lr must be a number above 0/],
    [['--seed', '4294967296'], /--seed must be an integer from 0 to 4294967295/],
    [['--backend', 'gpu'], /--backend must be one of auto, wasm, cpu, tensorflow, got "gpu"/],
    [['--device', 'tpu'], /--device must be one of auto, cpu, cuda, webgpu, got "tpu"/],
    [['--out', ''], /--out must name a directory/],
    [['extra'], /demo takes no arguments, got "extra"/],
  ])('rejects %j with a usage error', (args, message) => {
    expect(() => parseDemoOptions(args)).toThrow(CliUsageError);
    expect(() => parseDemoOptions(args)).toThrow(message);
  });

  it('rejects an unknown flag', () => {
    expect(() => parseDemoOptions(['--epoch', '3'])).toThrow(/Unknown option '--epoch'/);
  });
});
