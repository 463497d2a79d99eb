import base from '../../eslint.config.mjs';

// src/generated/ is protobufjs-cli output (tools/generate-onnx-proto.mjs), checked by its own test.
export default [{ ignores: ['src/generated/**'] }, ...base];
