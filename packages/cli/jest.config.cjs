const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// `bnkit demo --device webgpu` without a GPU: onnxruntime-node's WebGPU provider (Dawn over
// Vulkan) finds SwiftShader, the software Vulkan driver of Debian's chromium package, through
// VK_ICD_FILENAMES, which Dawn reads once per process: set before the test workers start.
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (process.env.VK_ICD_FILENAMES === undefined && fs.existsSync(SWIFTSHADER_ICD)) {
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  process.env.XDG_RUNTIME_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-xdg-'));
}

module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@bnkit/cli',
  rootDir: __dirname,
};
