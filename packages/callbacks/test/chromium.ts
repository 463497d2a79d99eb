// Opens a page in headless Chromium through the DevTools protocol over pipes (no npm deps):
// collects console errors, evaluates an expression and saves a full-page screenshot.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].find((p) => existsSync(p));

interface Message {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

export interface PageReport {
  consoleErrors: string[];
  value: unknown;
}

export async function inspectPage(
  htmlPath: string,
  expression: string,
  screenshotPath: string,
  width = 1280,
): Promise<PageReport> {
  if (CHROMIUM === undefined) throw new Error('no chromium binary');
  const profile = mkdtempSync(join(tmpdir(), 'bnkit-chromium-'));
  const child = spawn(
    CHROMIUM,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  const input = child.stdio[3] as Writable;
  const output = child.stdio[4] as Readable;
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  let nextId = 1;
  const pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  const listeners: ((m: Message) => void)[] = [];
  let buffer = '';
  output.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffer.slice(0, end)) as Message;
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined && pending.has(message.id)) {
        const p = pending.get(message.id)!;
        pending.delete(message.id);
        if (message.error) p.reject(new Error(message.error.message));
        else p.resolve(message);
      } else listeners.forEach((l) => l(message));
    }
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<Message>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      input.write(
        JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0',
      );
    });
  const consoleErrors: string[] = [];
  listeners.push((m) => {
    if (m.method === 'Runtime.consoleAPICalled' && m.params?.['type'] === 'error') {
      consoleErrors.push(JSON.stringify(m.params['args']));
    }
    if (m.method === 'Runtime.exceptionThrown') consoleErrors.push(JSON.stringify(m.params));
    if (m.method === 'Log.entryAdded') {
      const entry = m.params?.['entry'] as { level?: string; text?: string } | undefined;
      if (entry?.level === 'error') consoleErrors.push(entry.text ?? '');
    }
  });
  try {
    const created = await send('Target.createTarget', { url: 'about:blank' });
    const attached = await send('Target.attachToTarget', {
      targetId: created.result?.['targetId'],
      flatten: true,
    });
    const session = attached.result?.['sessionId'] as string;
    await send('Page.enable', {}, session);
    await send('Runtime.enable', {}, session);
    await send('Log.enable', {}, session);
    await send(
      'Emulation.setDeviceMetricsOverride',
      { width, height: 900, deviceScaleFactor: 1, mobile: false },
      session,
    );
    const loaded = new Promise<void>((resolve) =>
      listeners.push(
        (m) => m.method === 'Page.loadEventFired' && m.sessionId === session && resolve(),
      ),
    );
    await send('Page.navigate', { url: pathToFileURL(htmlPath).href }, session);
    await loaded;
    const evaluated = await send('Runtime.evaluate', { expression, returnByValue: true }, session);
    const value = (evaluated.result?.['result'] as { value?: unknown } | undefined)?.value;
    const shot = await send(
      'Page.captureScreenshot',
      { format: 'png', captureBeyondViewport: true },
      session,
    );
    writeFileSync(screenshotPath, Buffer.from(shot.result?.['data'] as string, 'base64'));
    await send('Browser.close').catch(() => undefined);
    await exited;
    return { consoleErrors, value };
  } catch (error) {
    child.kill();
    throw new Error(`${(error as Error).message}\nchromium stderr:\n${stderr}`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
