// A static file server on 127.0.0.1 with the content types wasm and ES
// modules need. `make serve` runs it on the repository root so the www page
// can import ../pkg/ and fetch ../data/; the browser tests import serve().
// Only the folders the page needs are served (www, pkg, data unless told
// otherwise); a bad request is answered 400/403/404 and the server goes on.
// Usage: node scripts/serve.mjs [port]   (default 8080)
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.css': 'text/css', '.csv': 'text/csv', '.tsv': 'text/tab-separated-values', '.svg': 'image/svg+xml',
};

/** Where `path` (already decoded) lives under `base`, or null when it is outside the served folders. */
function locate(base, dirs, path) {
  const file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
  return dirs.some((d) => file.startsWith(join(base, d) + sep)) ? file : null;
}

/**
 * Serves the folders `dirs` of `root` (and `pages[path]` from memory) on
 * `port` (0 = any); resolves to { url, close }.
 */
export async function serve(root, pages = {}, port = 0, dirs = ['www', 'pkg', 'data']) {
  const base = normalize(resolve(root));
  const server = createServer(async (req, res) => {
    const answer = (status, body = '', type = 'text/plain; charset=utf-8') => {
      if (!res.headersSent) res.writeHead(status, { 'content-type': type }).end(body);
    };
    try {
      let path;
      try {
        path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      } catch {
        return answer(400, 'bad request: malformed URL\n');
      }
      if (pages[path]) return answer(200, pages[path], 'text/html; charset=utf-8');
      if (path === '/') return answer(404, 'not found: the page is at /www/\n');
      const file = locate(base, dirs, path);
      if (!file) return answer(403, `forbidden: only ${dirs.map((d) => `/${d}/`).join(', ')} are served\n`);
      let body;
      try {
        body = await readFile(file);
      } catch {
        return answer(404, 'not found\n');
      }
      answer(200, body, TYPES[extname(file)] ?? 'application/octet-stream');
    } catch (e) {
      answer(500, `server error: ${e.message}\n`);
    }
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const { url } = await serve(root, {}, Number(process.argv[2] ?? 8080));
  console.log(`simgate match preview: ${url}/www/  (serving www/, pkg/ and data/ of ${root}; Ctrl-C stops)`);
}
