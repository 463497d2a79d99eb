module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@bnkit/cli',
  rootDir: __dirname,
};
