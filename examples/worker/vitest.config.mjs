// Runs examples/worker/test in workerd. The root is the repository, so the
// built package (pkg/, linked as node_modules/simgate) and data/ are in reach.
import { defineConfig } from 'vitest/config';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { TOKEN, TOKENS } from '../../tests/js/support/tokens.mjs';

const repo = new URL('../..', import.meta.url).pathname;

export default defineConfig({
  root: repo,
  // The TOKENS secret, and the admin token the tests send (as a binding: the tests run in workerd).
  plugins: [cloudflareTest({ wrangler: { configPath: `${repo}examples/worker/wrangler.jsonc` }, miniflare: { bindings: { TOKENS, TEST_ADMIN_TOKEN: TOKEN.admin } } })],
  // One file at a time: each capacity file holds a 100,000-row set in its isolate.
  test: { include: ['examples/worker/test/*.test.mjs'], fileParallelism: false },
});
