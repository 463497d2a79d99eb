module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@bnkit/core',
  rootDir: __dirname,
};
