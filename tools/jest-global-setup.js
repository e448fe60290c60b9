// Builds dist/ once before any test file runs: the end-to-end tests start the worker and the CLI
// from it as real processes. (Building per test file raced: one file's build deleted the dist/
// another file's worker was loading.)
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async function buildOnceForAllTests() {
  execFileSync(process.execPath, [path.join(__dirname, 'build.js'), '--quiet'], { stdio: 'inherit' });
};
