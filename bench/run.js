#!/usr/bin/env node
// `npm run bench`: builds (tools/build.js, as every other command), then runs the benchmarks from
// a private copy of dist/. A run takes minutes, and a test or `npm start` elsewhere in the tree
// rebuilds dist/ (deleting it first): the copy keeps this run's API and worker processes startable.
// Packages still resolve from this checkout's node_modules (NODE_PATH).
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
execFileSync(process.execPath, [path.join(root, 'tools/build.js'), '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'poems-bench-'));
fs.cpSync(path.join(root, 'dist'), path.join(copy, 'dist'), { recursive: true });

const nodePath = [path.join(root, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
const child = spawn(process.execPath, ['--enable-source-maps', path.join(copy, 'dist/bench/main.js'), ...process.argv.slice(2)], {
  cwd: root,
  env: { ...process.env, NODE_PATH: nodePath },
  stdio: 'inherit',
});
// Ctrl-C reaches the child through the terminal's process group; it cleans up and exits.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  fs.rmSync(copy, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
