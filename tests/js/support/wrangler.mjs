// `wrangler dev` for the example Workers' tests: started on 127.0.0.1 with
// state persisted to a directory (so a restart on the same directory finds
// it), ready when an HTTP request gets any answer; stop() ends the process
// group and waits until the port is closed, so a restart on the same port
// never takes the old server's answer for the new one's.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { TOKENS } from './tokens.mjs';

const wrangler = resolve('node_modules/.bin/wrangler');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const answers = (base) => fetch(`${base}/ready`).then(() => true, () => false);

/** Waits up to `ms` for nothing to answer on `base`; false if something still does. */
async function closed(base, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(200)) {
    if (!(await answers(base))) return true;
  }
  return false;
}

/**
 * Starts `wrangler dev -c config` with `--var K:V` for each of `vars`; the
 * test tokens' TOKENS secret is among them unless `tokens` is false.
 * Throws, with the end of wrangler's log, if the port is still taken, if
 * wrangler exits, or if nothing answers within two minutes.
 */
export async function startDev({ config, persist, port, vars = {}, tokens = true }) {
  if (tokens) vars = { TOKENS, ...vars };
  const base = `http://127.0.0.1:${port}`;
  if (!(await closed(base, 15_000))) throw new Error(`wrangler dev: port ${port} still answers before the start`);
  const args = ['dev', '-c', config, '--ip', '127.0.0.1', '--port', String(port), '--persist-to', persist, '--show-interactive-dev-session=false',
    ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`])];
  const child = spawn(wrangler, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout.on('data', (b) => { log += b; });
  child.stderr.on('data', (b) => { log += b; });
  const exited = new Promise((r) => child.once('exit', r));
  const running = () => child.exitCode === null && child.signalCode === null;
  // stop('SIGKILL') kills the whole process group (wrangler and workerd) at once: a crash.
  // A second stop(), or a stop() after wrangler exited by itself, only waits for the port.
  const stop = async (signal = 'SIGTERM') => {
    if (running()) {
      try { process.kill(-child.pid, signal); } catch {}
      await exited;
    }
    if (!(await closed(base, 15_000))) throw new Error(`wrangler dev: port ${port} still answers after the stop`);
  };
  for (let i = 0; i < 240 && running(); i++) {
    await sleep(500);
    if (await answers(base)) return { base, stop, log: () => log };
  }
  const why = running() ? 'did not answer within 120 s' : `exited (${child.exitCode ?? child.signalCode})`;
  await stop().catch(() => {});
  throw new Error(`wrangler dev ${why}:\n${log.slice(-3000)}`);
}
