module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@bnkit/datasets',
  rootDir: __dirname,
};
