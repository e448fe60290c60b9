// Test tiers by suffix (STYLE.md): *.unit.spec.ts (pure), *.int.spec.ts (real PostgreSQL/Redis),
// *.e2e.spec.ts (the running apps over HTTP). `npm test` runs all three.
const { compilerOptions } = require('./tsconfig.base.json');
const { swcOptions } = require('./tools/swc-options');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target.replace('./', '')}`]),
);

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swcOptions(), swcrc: false }],
    // jose is published as ES modules only: compiled like our code so Jest can require it.
    'node_modules/jose/.+\\.js$': ['@swc/jest', { ...swcOptions(), swcrc: false }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/tools/jest-global-setup.js',
  testTimeout: 30000,
  // Tests wait on PostgreSQL and Redis more than on the CPU: two workers even on two cores.
  maxWorkers: process.env.JEST_MAX_WORKERS || 2,
};
