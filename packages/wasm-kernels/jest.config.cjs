module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@bnkit/wasm-kernels',
  rootDir: __dirname,
};
