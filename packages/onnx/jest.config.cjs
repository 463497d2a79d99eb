module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@bnkit/onnx',
  rootDir: __dirname,
};
