// Assembles pkg/ (the npm package) from the wasm-bindgen output and
// pkg-template/, and prints the .wasm size raw and gzipped.
// Usage: node scripts/build-pkg.mjs <wasm-bindgen out dir> <pkg dir>
import { readFileSync, writeFileSync, copyFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const [gen, out] = process.argv.slice(2);
const cargo = readFileSync('Cargo.toml', 'utf8');
const version = /^version\s*=\s*"([^"]+)"/m.exec(cargo)[1];

for (const f of readdirSync(gen)) {
  if (f.startsWith('simgate')) copyFileSync(join(gen, f), join(out, f));
}

for (const f of readdirSync('pkg-template')) {
  const text = readFileSync(join('pkg-template', f), 'utf8');
  writeFileSync(join(out, f), f === 'package.json' ? text.replace('@VERSION@', version) : text);
}
const pkg = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
for (const f of pkg.files) statSync(join(out, f)); // every listed file exists
const wasm = readFileSync(join(out, 'simgate_bg.wasm'));
const glue = readFileSync(join(out, 'simgate.js'));
const gz = (b) => gzipSync(b, { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1);
console.log(`pkg/simgate_bg.wasm: ${wasm.length} bytes (${kb(wasm.length)} KB), gzip -9: ${gz(wasm)} bytes (${kb(gz(wasm))} KB)`);
console.log(`pkg/simgate.js (the JS glue): ${glue.length} bytes, gzip -9: ${gz(glue)} bytes (${kb(gz(glue))} KB); together ${kb(gz(wasm) + gz(glue))} KB gzipped`);
