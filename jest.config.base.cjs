// Shared jest settings: swc for speed (tsc type-checks in `build`), unit tests beside the code in src/,
// tests that need real infrastructure under test/.
const path = require('node:path');

module.exports = function jestConfig(dir, overrides = {}) {
  return {
    rootDir: dir,
    displayName: path.basename(dir),
    testEnvironment: path.join(__dirname, 'jest.environment.cjs'),
    roots: ['<rootDir>/src', '<rootDir>/test'].filter((r) =>
      require('node:fs').existsSync(r.replace('<rootDir>', dir)),
    ),
    testMatch: ['**/*.test.ts'],
    transform: {
      '^.+\\.(t|j)s$': [
        '@swc/jest',
        {
          jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' },
          module: { type: 'commonjs' },
        },
      ],
    },
    moduleFileExtensions: ['ts', 'js', 'json'],
    testTimeout: 60_000,
    passWithNoTests: true,
    // A test that fails before stopping what it started must not hang the run (jest.environment.cjs kills
    // the service processes it left; this ends any other handle), and jest still reports the open handles.
    forceExit: true,
    ...overrides,
  };
};
