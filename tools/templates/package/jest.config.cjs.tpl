module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '__NAME__',
  rootDir: __dirname,
};
