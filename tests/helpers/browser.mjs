// Shared by the browser tests: a static file server on 127.0.0.1 with the
// right content types, and headless Chromium (Debian's, via playwright-core)
// with the flags this machine needs.
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';

export { serve } from '../../scripts/serve.mjs';

/** Headless Chromium in a fresh profile; close() the context when done. */
export async function launch(options = {}) {
  return chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'simgate-chromium-')), {
    executablePath: '/usr/bin/chromium',
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
