/** Four layers: unit (pure code), nodes (n8n-core engine against the sandbox over HTTP),
 * e2e (a real n8n process), live (a real Intuit sandbox company, opt-in). */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/test/harness/env.ts'],
  // Tests assert behaviour, never speed: a generous bound keeps a busy 2-core machine from failing a
  // test (or its hooks) only because it was slow; a test that can hang sets its own bound.
  testTimeout: 60_000,
};
module.exports = {
  // Jest reads testTimeout from the top level only (a project's own is ignored).
  testTimeout: common.testTimeout,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/sandbox/**/*.test.ts'] },
    { ...common, displayName: 'nodes', testMatch: ['<rootDir>/test/nodes/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    { ...common, displayName: 'live', testMatch: ['<rootDir>/test/live/**/*.test.ts'] },
  ],
};
