/** Jest runs the TypeScript sources through ts-jest so type-graphql gets its decorator metadata. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 30000,
  // Servers on loopback sockets: each file starts and stops its own.
  maxWorkers: 2,
};
