{
  "name": "__NAME__",
  "version": "0.0.0",
  "description": "__DESCRIPTION__",
  "type": "commonjs",
  "license": "MIT",
  "repository": {
    "type": "git",
    "url": "git+https://github.com/bnkit/bnkit.git",
    "directory": "packages/__DIR__"
  },
  "engines": {
    "node": ">=20"
  },
  "sideEffects": false,
  "main": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "exports": {
    ".": {
      "@bnkit/source": "./src/index.ts",
      "types": "./dist/index.d.ts",
      "default": "./dist/index.js"
    },
    "./package.json": "./package.json"
  },
  "files": [
    "dist",
    "src",
    "!dist/*.tsbuildinfo",
    "!src/**/*.spec.ts",
    "!src/__fixtures__"
  ],
  "peerDependencies": {
    "@tensorflow/tfjs-core": "^4.22.0",
    "@tensorflow/tfjs-layers": "^4.22.0"
  },
  "devDependencies": {
    "@tensorflow/tfjs-core": "4.22.0",
    "@tensorflow/tfjs-layers": "4.22.0"
  },
  "publishConfig": {
    "access": "public"
  }
}
