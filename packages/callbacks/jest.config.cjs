module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@bnkit/callbacks',
  rootDir: __dirname,
};
