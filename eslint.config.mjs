import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/src/gen/**', '.infra/**', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // A domain folder holds the agency's rules without I/O (DESIGN.md): no database, bus, transport or
    // file system, and not the kit barrel that loads them. Errors, drafts and decisions come from @wage/domain.
    files: ['services/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'mongoose', message: 'domain files do no I/O: use the store in infra/' },
            { name: 'kafkajs', message: 'domain files do no I/O: return event drafts instead' },
            { name: '@grpc/grpc-js', message: 'domain files do no I/O: throw a DomainError instead' },
            { name: 'express', message: 'domain files do no I/O' },
            { name: 'fs', message: 'domain files do no I/O: load files in app/ or infra/' },
            { name: 'node:fs', message: 'domain files do no I/O: load files in app/ or infra/' },
            { name: 'fs/promises', message: 'domain files do no I/O: load files in app/ or infra/' },
            { name: 'node:fs/promises', message: 'domain files do no I/O: load files in app/ or infra/' },
            { name: '@wage/kit', message: 'import errors, drafts and decisions from @wage/domain' },
          ],
          patterns: [
            {
              group: ['mongoose/*', 'kafkajs/*', '@grpc/grpc-js/*', 'express/*'],
              message: 'domain files do no I/O',
            },
            { group: ['@wage/kit/*'], message: 'import errors, drafts and decisions from @wage/domain' },
          ],
        },
      ],
    },
  },
);
