// The workerd test suite (tests/js/worker, driven by tests/js/workerd.test.mjs): vitest-pool-workers runs each test
// file inside a real workerd. The root is the repo so pkg/ is in reach.
import { defineConfig } from 'vitest/config';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: './tests/js/worker/wrangler.jsonc' } })],
  test: { include: ['tests/js/worker/*.spec.mjs'] },
});
