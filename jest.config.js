// Test tiers by suffix (STYLE.md): *.unit.spec.ts (pure), *.int.spec.ts (real PostgreSQL/Redis),
// *.e2e.spec.ts (the running apps over HTTP). `npm test` runs all three.
const { compilerOptions } = require('./tsconfig.base.json');
const { swcOptions } = require('./tools/swc-options');

const ESM_ONLY = ['jose', 'oidc-provider', 'openid-client', 'oauth4webapi', 'content-disposition', 'cookie'];
// Fastify plugins that bundle ESM-only copies of those (the run-time loads them with Node's require(esm)).
const WITH_NESTED_ESM = ['@fastify/static', '@fastify/cookie'];

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
    // ESM-only packages: Jest's CommonJS runtime cannot require them on Node 20, so swc converts them.
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' }, swcrc: false }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)(?!(${WITH_NESTED_ESM.join('|')})/node_modules/)`],
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/tools/jest-global-setup.js',
  testTimeout: 30000,
  // Tests wait on PostgreSQL and Redis more than on the CPU: two workers even on two cores.
  maxWorkers: process.env.JEST_MAX_WORKERS || 2,
};
