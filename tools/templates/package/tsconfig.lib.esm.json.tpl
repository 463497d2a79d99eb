{
  "extends": "./tsconfig.lib.json",
  "compilerOptions": {
    "module": "es2022",
    "moduleResolution": "bundler",
    "customConditions": [],
    "outDir": "dist/esm",
    "tsBuildInfoFile": "dist/esm/tsconfig.lib.esm.tsbuildinfo"
  }
}
