// Shared jest settings for every package. Tests run from TypeScript source: the custom export
// condition `@bnkit/source` resolves workspace packages to their src/ without a build, and the
// mapper strips the `.js` that NodeNext-style relative imports carry.
module.exports = {
  // Node's own typed arrays inside the sandbox, so native addons (onnxruntime-node) pass the
  // `instanceof` checks they make; see the file for why.
  testEnvironment: require.resolve('./tools/jest/shared-typed-array-environment.cjs'),
  moduleFileExtensions: ['ts', 'js', 'cjs', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: require.resolve('./tools/jest/tsconfig.json') }],
  },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironmentOptions: {
    customExportConditions: ['@bnkit/source', 'node', 'require', 'default'],
  },
};
