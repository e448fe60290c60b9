#!/usr/bin/env node
// Compiles apps/ and libs/ to dist/ with swc (same options as the tests), keeping the tree so the
// rewritten @poems/* imports resolve, and builds the web app (apps/web) with Vite into dist/web.
// Type-checking is `npm run typecheck`, not this.
//   --quiet   print only problems
//   --no-web  skip the web app        --web  only the web app
// The web build is skipped when nothing it reads changed since the last one (a hash in dist/web).
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { swcOptions, root } = require('./swc-options');

const outDir = path.join(root, 'dist');
const webOut = path.join(outDir, 'web');
const quiet = process.argv.includes('--quiet');
const log = (line) => quiet || console.log(line);

function walk(dir, keep, found = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') walk(full, keep, found);
    } else if (keep(full)) {
      found.push(full);
    }
  }
  return found;
}

function buildServer() {
  const swc = require('@swc/core');
  const started = Date.now();
  const isSource = (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.endsWith('.d.ts') && !file.startsWith(path.join(root, 'apps/web') + path.sep);
  const sources = ['apps', 'libs', 'bench'].filter((top) => fs.existsSync(path.join(root, top))).flatMap((top) => walk(path.join(root, top), isSource));
  // Everything but the web app's output, which is rebuilt only when its inputs change.
  if (fs.existsSync(outDir)) for (const entry of fs.readdirSync(outDir)) if (entry !== 'web') fs.rmSync(path.join(outDir, entry), { recursive: true, force: true });
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
  log(`build: ${sources.length} files compiled to dist/ in ${Date.now() - started} ms`);
}

function webInputsHash() {
  const hash = crypto.createHash('sha256');
  const files = walk(path.join(root, 'apps/web'), (file) => !file.includes(`${path.sep}e2e${path.sep}`) && !file.endsWith('.spec.ts')).sort();
  for (const file of [...files, path.join(root, 'package-lock.json')]) hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  return hash.digest('hex');
}

async function buildWeb() {
  const started = Date.now();
  const stamp = path.join(webOut, '.inputs-sha256');
  const inputs = webInputsHash();
  if (fs.existsSync(path.join(webOut, 'index.html')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === inputs) {
    log('build: web app unchanged (dist/web)');
    return;
  }
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'apps/web/vite.config.mts'), logLevel: quiet ? 'warn' : 'info' });
  fs.writeFileSync(stamp, inputs);
  log(`build: web app built into dist/web in ${Date.now() - started} ms`);
}

async function main() {
  if (!process.argv.includes('--web')) buildServer();
  if (!process.argv.includes('--no-web')) await buildWeb();
}

main().catch((error) => {
  // A fresh checkout without its packages: say what to run instead of a stack trace.
  if (error.code === 'MODULE_NOT_FOUND' && !fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
    console.error(`build failed: ${error.message.split('\n')[0]}. The packages are not installed: run \`npm ci\` first.`);
    process.exit(1);
  }
  console.error(`build failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
