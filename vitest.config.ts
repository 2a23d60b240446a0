import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Starts the test Neo4j only when a selected file needs it (see the file).
    globalSetup: ['tests/setup/neo4j-global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000, // ms: the first Cypher queries on a cold JVM are slow
    hookTimeout: 60_000, // ms
    teardownTimeout: 30_000, // ms: the test Neo4j stops in ~2 s
  },
});
