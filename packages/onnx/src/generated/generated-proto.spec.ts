import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('src/generated (ONNX schema compiled by protobufjs-cli)', () => {
  it('is what tools/generate-onnx-proto.mjs produces from proto/onnx.proto', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-onnx-proto-check-'));
    try {
      const script = path.join(
        __dirname,
        '..',
        '..',
        '..',
        '..',
        'tools',
        'generate-onnx-proto.mjs',
      );
      const run = spawnSync(process.execPath, [script, '--out', out], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      for (const file of ['onnx.ts', 'onnx-types.d.ts']) {
        const fresh = fs.readFileSync(path.join(out, file), 'utf8');
        const committed = fs.readFileSync(path.join(__dirname, file), 'utf8');
        // Not toEqual on 350 kB: a mismatch says which file to regenerate.
        expect({ file, same: fresh === committed }).toEqual({ file, same: true });
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  it('reads no .proto file at run time', () => {
    const code = fs.readFileSync(path.join(__dirname, 'onnx.ts'), 'utf8');
    expect(code).toContain('import $protobuf from "protobufjs/minimal.js";');
    expect(code).not.toMatch(/\.proto['"]|readFileSync|node:fs/);
    // Not even in prose: the ESM build would add Node shims (node:module) to the file.
    expect(code).not.toMatch(/require|__filename|__dirname/);
  });
});
