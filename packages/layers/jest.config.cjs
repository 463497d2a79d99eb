module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@bnkit/layers',
  rootDir: __dirname,
};
