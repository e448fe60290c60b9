#!/usr/bin/env node
// Runs an apps/cli command from a fresh build, so `npm run <command>` works right after `npm ci`.
const { execFileSync, spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
execFileSync(process.execPath, [path.join(root, 'tools/build.js'), '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
const result = spawnSync(process.execPath, [path.join(root, 'dist/apps/cli/src/main.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
