// Opens a page in headless Chromium through the DevTools protocol over pipes (no npm deps):
// collects console errors, evaluates an expression and saves a full-page screenshot.
const { spawn } = require('node:child_process');
const { existsSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
  (p) => existsSync(p),
);

/**
 * Opens `htmlPath` (a file, or an http URL of a page served locally) in headless Chromium, evaluates `expression` in the page, saves a full-page
 * screenshot to `screenshotPath`, and returns the console errors and the expression's value
 * (awaited when it is a promise). With `webgpu`, the page gets WebGPU (SwiftShader's software
 * adapter when the machine has no GPU) instead of a disabled GPU process.
 */
async function inspectPage(htmlPath, expression, screenshotPath, width = 1280, { webgpu } = {}) {
  if (CHROMIUM === undefined) throw new Error('no chromium binary');
  const profile = mkdtempSync(join(tmpdir(), 'bnkit-chromium-'));
  const child = spawn(
    CHROMIUM,
    [
      '--headless=new',
      '--no-sandbox',
      webgpu ? '--enable-unsafe-webgpu' : '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  const input = child.stdio[3];
  const output = child.stdio[4];
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  let nextId = 1;
  const pending = new Map();
  const listeners = [];
  let buffer = '';
  output.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    let end;
    while ((end = buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined && pending.has(message.id)) {
        const p = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) p.reject(new Error(message.error.message));
        else p.resolve(message);
      } else listeners.forEach((l) => l(message));
    }
  });
  const exited = new Promise((resolve) => child.on('exit', () => resolve()));
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      input.write(
        JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0',
      );
    });
  const consoleErrors = [];
  listeners.push((m) => {
    if (m.method === 'Runtime.consoleAPICalled' && m.params?.['type'] === 'error') {
      consoleErrors.push(JSON.stringify(m.params['args']));
    }
    if (m.method === 'Runtime.exceptionThrown') consoleErrors.push(JSON.stringify(m.params));
    if (m.method === 'Log.entryAdded') {
      const entry = m.params?.['entry'];
      if (entry?.level === 'error') consoleErrors.push(entry.text ?? '');
    }
  });
  try {
    const created = await send('Target.createTarget', { url: 'about:blank' });
    const attached = await send('Target.attachToTarget', {
      targetId: created.result?.['targetId'],
      flatten: true,
    });
    const session = attached.result?.['sessionId'];
    await send('Page.enable', {}, session);
    await send('Runtime.enable', {}, session);
    await send('Log.enable', {}, session);
    await send(
      'Emulation.setDeviceMetricsOverride',
      { width, height: 900, deviceScaleFactor: 1, mobile: false },
      session,
    );
    const loaded = new Promise((resolve) =>
      listeners.push(
        (m) => m.method === 'Page.loadEventFired' && m.sessionId === session && resolve(),
      ),
    );
    const url = /^https?:\/\//.test(htmlPath) ? htmlPath : pathToFileURL(htmlPath).href;
    await send('Page.navigate', { url }, session);
    await loaded;
    const evaluated = await send(
      'Runtime.evaluate',
      { expression, returnByValue: true, awaitPromise: true },
      session,
    );
    const value = evaluated.result?.['result']?.value;
    const shot = await send(
      'Page.captureScreenshot',
      { format: 'png', captureBeyondViewport: true },
      session,
    );
    writeFileSync(screenshotPath, Buffer.from(shot.result?.['data'], 'base64'));
    await send('Browser.close').catch(() => undefined);
    await exited;
    return { consoleErrors, value };
  } catch (error) {
    child.kill();
    throw new Error(`${error.message}\nchromium stderr:\n${stderr}`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

module.exports = { CHROMIUM, inspectPage };
