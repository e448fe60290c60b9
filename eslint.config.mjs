// Lint is part of `npm test`. The module-boundary rule is what keeps the domain pure:
// libraries tagged type:domain may import only other domain libraries and zod (no util library:
// those may read files or the environment, as @poems/config does), no Node built-in and no I/O.
import nx from '@nx/eslint-plugin';

const frameworkAndIo = [
  '@nestjs/*', 'bullmq', 'ioredis', 'pg', 'pg-*', '@eventstore/*', 'fastify', '@fastify/*', 'pino', 'pino-*', 'jose', 'openid-client',
];
// Node's built-ins are not in Nx's project graph, so the boundary rule cannot see them: ESLint's own rule does.
const nodeBuiltins = [
  'fs', 'fs/promises', 'http', 'https', 'http2', 'net', 'tls', 'dns', 'dgram', 'child_process', 'cluster', 'crypto',
  'os', 'worker_threads', 'readline', 'stream', 'zlib', 'v8', 'vm', 'process', 'module', 'inspector', 'perf_hooks',
];

function boundaries(extraScopes) {
  const scoped = (tags) => [...tags, ...extraScopes];
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      depConstraints: [
        {
          sourceTag: 'type:domain',
          onlyDependOnLibsWithTags: ['type:domain'],
          bannedExternalImports: frameworkAndIo,
        },
        { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:domain'] },
        { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:util'] },
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:util'] },
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: scoped(['scope:shared']) },
        { sourceTag: 'scope:api', onlyDependOnLibsWithTags: scoped(['scope:shared']) },
        { sourceTag: 'scope:worker', onlyDependOnLibsWithTags: scoped(['scope:shared']) },
        { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: scoped(['scope:shared']) },
        { sourceTag: 'scope:test', onlyDependOnLibsWithTags: ['scope:shared', 'scope:test'] },
        // The web app runs in the browser: it reaches the system through the API only (its generated client).
        { sourceTag: 'scope:web', onlyDependOnLibsWithTags: [], bannedExternalImports: ['@poems/*', '@nestjs/*', 'pg', 'fastify', 'jose', 'zod'] },
      ],
    },
  ];
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/coverage', '.nx/**', 'tmp/**', 'apps/web/src/api/schema.d.ts', 'test-artifacts/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([]),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // noUncheckedIndexedAccess makes every index access explicit; `!` is how we state a checked one.
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Randomness is an input: pass it in (see STYLE.md).' },
      ],
    },
  },
  {
    // The domain is deterministic: time arrives with the command, never from the clock.
    files: ['libs/{kernel,protocol,patient,alert-rules,read-models}/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'No clock in the domain: take `now` as an input.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'No clock in the domain: take `now` as an input.' },
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'No randomness in the domain.' },
        { selector: "MemberExpression[object.name='process']", message: 'No environment in the domain: configuration arrives as data.' },
      ],
      'no-restricted-imports': [
        'error',
        { paths: nodeBuiltins.map((name) => ({ name, message: 'No I/O in the domain: it takes data and returns decisions.' })), patterns: [{ group: ['node:*'], message: 'No Node built-in in the domain.' }] },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/src/testing/**/*.ts', 'libs/testing/**/*.ts', 'bench/**/*.ts'],
    // Tests may also use the test helpers and read loosely typed JSON answers; everything else stays
    // as strict as the code under test.
    rules: { '@nx/enforce-module-boundaries': boundaries(['scope:test']), '@typescript-eslint/no-explicit-any': 'off' },
  },
];
