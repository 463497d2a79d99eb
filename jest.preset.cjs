// Shared jest settings for every package. Tests run from TypeScript source: the custom export
// condition `@bnkit/source` resolves workspace packages to their src/ without a build, and the
// mapper strips the `.js` that NodeNext-style relative imports carry.
module.exports = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'cjs', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironmentOptions: {
    customExportConditions: ['@bnkit/source', 'node', 'require', 'default'],
  },
};
