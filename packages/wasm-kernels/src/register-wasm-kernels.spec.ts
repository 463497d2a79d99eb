import * as tf from '@tensorflow/tfjs-core';
import { loadBackends } from '../test/helpers.js';
import {
  WASM_KERNEL_NAMES,
  registerWasmKernels,
  unregisterWasmKernels,
  wasmKernelsRegistered,
} from './register-wasm-kernels.js';

describe('registerWasmKernels', () => {
  beforeAll(() => loadBackends());
  afterEach(() => unregisterWasmKernels());

  it('replaces and adds the wasm kernels, once however often it is called', () => {
    const stockMatMul = tf.getKernel('BatchMatMul', 'wasm');
    expect(registerWasmKernels()).toEqual(WASM_KERNEL_NAMES);
    const ours = tf.getKernel('BatchMatMul', 'wasm');
    expect(ours?.kernelFunc).not.toBe(stockMatMul?.kernelFunc);
    // The stock kernel's wasm bindings are set up when the backend starts: kept.
    expect(ours?.setupFunc).toBe(stockMatMul?.setupFunc);
    registerWasmKernels();
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(ours);
    expect(wasmKernelsRegistered()).toBe(true);
    for (const name of WASM_KERNEL_NAMES) expect(tf.getKernel(name, 'wasm')).toBeDefined();
  });

  it('leaves the other backends alone', () => {
    const cpu = tf.getKernel('BatchMatMul', 'cpu');
    registerWasmKernels();
    expect(tf.getKernel('BatchMatMul', 'cpu')).toBe(cpu);
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')?.backendName).toBe('cpu');
  });

  it('is undone by unregisterWasmKernels (stock kernels back, added ones gone)', () => {
    const stock = tf.getKernel('BatchMatMul', 'wasm');
    registerWasmKernels();
    unregisterWasmKernels();
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(stock);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(wasmKernelsRegistered()).toBe(false);
    unregisterWasmKernels(); // a second call does nothing
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(stock);
  });

  it('works registered before the wasm backend starts (the stock setup still runs)', async () => {
    registerWasmKernels();
    await tf.setBackend('wasm');
    const out = tf.matMul(tf.ones([40, 30]), tf.ones([50, 30]), false, true);
    expect(out.shape).toEqual([40, 50]);
    expect(Array.from(out.dataSync().slice(0, 3))).toEqual([30, 30, 30]);
    out.dispose();
  });
});
