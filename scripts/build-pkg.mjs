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

// wasm-bindgen checks class-typed parameters (new Matcher(set, thresholds))
// in its JS glue with a message that names the class but not the parameter.
// Pass the parameter's name along so the error says which argument was wrong,
// like every other simgate error. Fails loudly if the glue changes shape.
{
  const glue = join(out, 'simgate.js');
  let js = readFileSync(glue, 'utf8');
  const fn = /function _assertClass\(instance, klass\) \{\n\s+if \(!\(instance instanceof klass\)\) \{\n\s+throw new Error\(`expected instance of \$\{klass.name\}`\);\n\s+\}\n\}/;
  if (!fn.test(js)) throw new Error('build-pkg: wasm-bindgen glue has no recognizable _assertClass; update the patch');
  js = js.replace(fn, `function _assertClass(instance, klass, name) {
    if (!(instance instanceof klass)) {
        const got = instance === null ? 'null' : typeof instance === 'object' ? (instance.constructor?.name ?? 'object') : typeof instance;
        throw new TypeError(\`\${name} must be a \${klass.name}, got \${got}\`);
    }
}`);
  let calls = 0;
  js = js.replace(/_assertClass\((\w+), (\w+)\);/g, (_, arg, klass) => { calls++; return `_assertClass(${arg}, ${klass}, '${arg}');`; });
  if (calls === 0) throw new Error('build-pkg: no _assertClass calls found in the glue');
  writeFileSync(glue, js);
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
