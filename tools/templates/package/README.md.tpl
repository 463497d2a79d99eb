# __NAME__

__DESCRIPTION__

## Install

```sh
npm install __NAME__ @tensorflow/tfjs-core @tensorflow/tfjs-layers
```

`@tensorflow/tfjs-core` and `@tensorflow/tfjs-layers` are peer dependencies: install the versions
your application uses, so that only one copy of tfjs is loaded.

## Example

```ts
import * as pkg from '__NAME__';
console.log(Object.keys(pkg));
```

## API

Nothing is exported yet.

## Differences from Keras and scikit-learn

None yet.
