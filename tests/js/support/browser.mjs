// Shared by the browser tests: a static file server on 127.0.0.1 with the
// right content types, and headless Chromium (Debian's, via playwright-core)
// with the flags this machine needs.
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';

export { serve } from '../../../scripts/serve.mjs';

/**
 * The Chromium binary: $CHROMIUM, else `chromium` on the PATH (what `make
 * tools-browser` checks and installs; Debian puts it in /usr/bin).
 */
function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('no chromium on the PATH: run `make tools-browser` (Debian: apt-get install chromium chromium-driver) or set CHROMIUM');
  }
}

/** Headless Chromium in a fresh profile; close() the context when done. */
export async function launch(options = {}) {
  return chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'simgate-chromium-')), {
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ...options,
  });
}

/** Opens `url` in headless Chromium, waits for `window.result`, returns it with console errors. */
export async function resultOf(url, timeout = 15000) {
  const ctx = await launch();
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
