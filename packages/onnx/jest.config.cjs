module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@bnkit/onnx',
  rootDir: __dirname,
  // onnxruntime-node checks typed arrays with instanceof: see jest-environment.cjs.
  testEnvironment: '<rootDir>/jest-environment.cjs',
};
