#!/usr/bin/env node
// Compiles apps/ and libs/ to dist/ with swc (same options as the tests), keeping the tree so the
// rewritten @poems/* imports resolve. Type-checking is `npm run typecheck`, not this.
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const { swcOptions, root } = require('./swc-options');

const outDir = path.join(root, 'dist');
const sources = [];
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') walk(full);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) {
      sources.push(full);
    }
  }
}
for (const top of ['apps', 'libs', 'bench']) if (fs.existsSync(path.join(root, top))) walk(path.join(root, top));

const started = Date.now();
fs.rmSync(outDir, { recursive: true, force: true });
for (const file of sources) {
  const rel = path.relative(root, file);
  const target = path.join(outDir, rel.replace(/\.ts$/, '.js'));
  const { code, map } = swc.transformFileSync(file, { ...swcOptions(), filename: file, swcrc: false, sourceFileName: path.relative(path.dirname(target), file) });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, map ? `${code}\n//# sourceMappingURL=${path.basename(target)}.map` : code);
  if (map) fs.writeFileSync(`${target}.map`, map);
}
for (const asset of ['libs/event-store/src/postgres/migrations', 'libs/projections/src/sql']) {
  const from = path.join(root, asset);
  if (fs.existsSync(from)) fs.cpSync(from, path.join(outDir, asset), { recursive: true });
}
if (!process.argv.includes('--quiet')) console.log(`build: ${sources.length} files compiled to dist/ in ${Date.now() - started} ms`);
