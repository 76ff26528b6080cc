// Runs examples/worker/test in workerd. The root is the repository, so the
// built package (pkg/, linked as node_modules/simgate) and data/ are in reach.
import { defineConfig } from 'vitest/config';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';

const repo = new URL('../..', import.meta.url).pathname;

export default defineConfig({
  root: repo,
  plugins: [cloudflareTest({ wrangler: { configPath: `${repo}examples/worker/wrangler.jsonc` } })],
  test: { include: ['examples/worker/test/*.test.mjs'] },
});
