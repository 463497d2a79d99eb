{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": {
    "outDir": "./out-tsc/jest",
    "tsBuildInfoFile": "./out-tsc/jest/tsconfig.tsbuildinfo",
    "types": ["jest", "node"],
    "resolveJsonModule": true
  },
  "include": ["src/**/*.spec.ts", "src/**/*.d.ts", "src/__fixtures__/*.json", "test/**/*.ts"],
  "references": [
    {
      "path": "./tsconfig.lib.json"
    }
  ]
}
