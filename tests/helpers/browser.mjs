// Shared by the browser tests: a static file server on 127.0.0.1 with the
// right content types, and headless Chromium (Debian's, via playwright-core)
// with the flags this machine needs.
import { createServer } from 'node:http';
import { mkdtemp, readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css' };

/** Serves `root` (and `pages[path]` from memory); resolves to { url, close }. */
export async function serve(root, pages = {}) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (pages[path]) return res.writeHead(200, { 'content-type': 'text/html' }).end(pages[path]);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(normalize(root))) return res.writeHead(403).end();
    try {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** Opens `url` in headless Chromium, waits for `window.result`, returns it with console errors. */
export async function resultOf(url, timeout = 15000) {
  const ctx = await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'simgate-chromium-')), {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errors = [];
  try {
    const tab = await ctx.newPage();
    tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(url);
    await tab.waitForFunction(() => window.result, null, { timeout });
    return { result: await tab.evaluate(() => window.result), errors };
  } finally {
    await ctx.close();
  }
}
