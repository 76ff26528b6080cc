// The workerd test suite (tests/worker): vitest-pool-workers runs each test
// file inside a real workerd. The root is the repo so pkg/ is in reach.
import { defineConfig } from 'vitest/config';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: './tests/worker/wrangler.jsonc' } })],
  test: { include: ['tests/worker/*.test.mjs'] },
});
