// `wrangler dev` for the example Workers' tests: started on 127.0.0.1 with
// state persisted to a directory (so a restart on the same directory finds
// it), ready when an HTTP request gets any answer; stop() ends the process
// group and waits for it.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { TOKENS } from './tokens.mjs';

const wrangler = resolve('node_modules/.bin/wrangler');

/**
 * Starts `wrangler dev -c config` with `--var K:V` for each of `vars`; the
 * test tokens' TOKENS secret is among them unless `tokens` is false.
 */
export async function startDev({ config, persist, port, vars = {}, tokens = true }) {
  if (tokens) vars = { TOKENS, ...vars };
  const args = ['dev', '-c', config, '--ip', '127.0.0.1', '--port', String(port), '--persist-to', persist, '--show-interactive-dev-session=false',
    ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`])];
  const child = spawn(wrangler, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout.on('data', (b) => { log += b; });
  child.stderr.on('data', (b) => { log += b; });
  const base = `http://127.0.0.1:${port}`;
  // stop('SIGKILL') kills the whole process group (wrangler and workerd) at once: a crash.
  const stop = async (signal = 'SIGTERM') => {
    const exited = new Promise((r) => child.once('exit', r));
    try { process.kill(-child.pid, signal); } catch {}
    await exited;
    await new Promise((r) => setTimeout(r, 500));
  };
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 500));
    if (await fetch(`${base}/ready`).then(() => true, () => false)) return { base, stop, log: () => log };
  }
  await stop();
  throw new Error(`wrangler dev did not start:\n${log.slice(-3000)}`);
}
