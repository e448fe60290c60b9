#!/usr/bin/env node
// `npm run bench:runs -- [--runs=3] [bench flags]`: the full benchmark run several times, one after
// another, each into bench/results/run-<stamp>-<n>.json, then the table of BENCHMARKS.md printed
// with every figure as its range over the runs (stdout; paste it in).
// `npm run bench:table -- <results.json …>`: only the table, from results already written.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const tableOnly = args[0] === '--table';

execFileSync(process.execPath, [path.join(root, 'tools/build.js'), '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
// The table script is read before any run starts: a build elsewhere in the tree may delete dist/ meanwhile.
const tableScript = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'poems-bench-table-')), 'dist');
fs.cpSync(path.join(root, 'dist'), tableScript, { recursive: true });

let files;
if (tableOnly) {
  files = args.slice(1);
} else {
  const runsArg = args.find((arg) => arg.startsWith('--runs='));
  const runs = runsArg ? Number(runsArg.split('=')[1]) : 3;
  if (!Number.isInteger(runs) || runs < 1) {
    console.error('--runs=N takes a whole number of runs (default 3)');
    process.exit(2);
  }
  const benchArgs = args.filter((arg) => arg !== runsArg && !arg.startsWith('--out='));
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
  files = [];
  for (let n = 1; n <= runs; n++) {
    const out = path.join(root, 'bench/results', `run-${stamp}-${n}.json`);
    process.stderr.write(`\n##### run ${n} of ${runs} → ${path.relative(root, out)}\n`);
    const result = spawnSync(process.execPath, [path.join(root, 'bench/run.js'), ...benchArgs, `--out=${out}`], { stdio: ['inherit', 'ignore', 'inherit'] });
    if (result.signal) process.exit(130);
    if (fs.existsSync(out)) files.push(out);
  }
}
if (files.length === 0) {
  console.error('no results to tabulate');
  process.exit(2);
}
const table = spawnSync(process.execPath, [path.join(tableScript, 'bench/range-table.js'), ...files], { stdio: 'inherit', env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') } });
fs.rmSync(path.dirname(tableScript), { recursive: true, force: true });
process.exit(table.status ?? 1);
