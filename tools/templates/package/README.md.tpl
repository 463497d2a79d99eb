# __NAME__

__DESCRIPTION__

## Install

```sh
npm install __NAME____PEERINSTALL__ @tensorflow/tfjs-core @tensorflow/tfjs-layers
```

The other packages on that line are peer dependencies: install the versions your application
uses, so that only one copy of tfjs (and of each bnkit package, with its registries) is loaded.

## Example

```ts
import * as pkg from '__NAME__';
console.log(Object.keys(pkg));
```

## API

Nothing is exported yet.

## Differences from Keras and scikit-learn

None yet.
