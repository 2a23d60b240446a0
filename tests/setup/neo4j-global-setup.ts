/**
 * vitest globalSetup: gives the Neo4j tests a real Neo4j (DESIGN.md, "Real Neo4j in tests").
 *
 * - NEO4J_URI set: use that server (NEO4J_USER / NEO4J_PASSWORD). neo4j.test.ts wipes it, and
 *   refuses to when it holds anything but the test fixtures.
 * - otherwise, when a selected test file has "neo4j" in its path and java + mvn are on PATH:
 *   start neo4j-launcher's embedded Neo4j on a free port, stop it after the run.
 * - otherwise: provide null, and say loudly why; with REQUIRE_NEO4J=1 that is an error.
 *
 * Tests read it with `inject('neo4j')`. NEO4J_URI itself is not set for the workers, so
 * the other suites keep their embedded store.
 */
import type { TestProject } from 'vitest/node';
import { hasCommand, startTestNeo4j } from '../../neo4j-launcher/start.js';

export interface ProvidedNeo4j {
  uri: string;
  user: string;
  password: string;
  /** started by this setup (a throw-away server) rather than given by NEO4J_URI */
  launched: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: ProvidedNeo4j | null;
    /** why `neo4j` is null */
    neo4jUnavailable: string | null;
  }
}

const NEO4J_TEST_FILE = /neo4j/i;

function loud(message: string): void {
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n${message
    .split('\n')
    .map((l) => `!! ${l}`)
    .join('\n')}\n${bar}\n`);
}

/** Whether this run includes a test file that needs Neo4j (no JVM for `vitest run tests/search`). */
async function neo4jTestsSelected(project: TestProject): Promise<boolean> {
  // vitest keeps the CLI file filters here; if a later version moves them, start anyway.
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const { testFiles } = await project.globTestFiles(filters);
  return testFiles.some((file) => NEO4J_TEST_FILE.test(file));
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const required = process.env.REQUIRE_NEO4J === '1';
  const unavailable = (reason: string) => {
    if (required) throw new Error(`REQUIRE_NEO4J=1 but there is no Neo4j for the tests: ${reason}`);
    loud(`Neo4j tests SKIPPED: ${reason}\nSet NEO4J_URI, or install java (17+) and mvn so that npm test starts one.`);
    project.provide('neo4j', null);
    project.provide('neo4jUnavailable', reason);
  };

  const external = process.env.NEO4J_URI;
  if (external) {
    project.provide('neo4j', {
      uri: external,
      user: process.env.NEO4J_USER ?? 'neo4j',
      password: process.env.NEO4J_PASSWORD ?? '',
      launched: false,
    });
    project.provide('neo4jUnavailable', null);
    console.warn(`Neo4j tests use NEO4J_URI=${external}; they wipe it, and refuse to when it holds anything but their fixtures.`);
    return;
  }

  if (!(await neo4jTestsSelected(project))) {
    project.provide('neo4j', null);
    project.provide('neo4jUnavailable', 'no Neo4j test file in this run');
    return;
  }

  const missing = ['java', 'mvn'].filter((command) => !hasCommand(command));
  if (missing.length > 0) return unavailable(`${missing.join(' and ')} not found on PATH`);

  let neo4j;
  try {
    neo4j = await startTestNeo4j({ log: (line) => console.log(`[test-neo4j] ${line}`) });
  } catch (error) {
    return unavailable((error as Error).message);
  }
  project.provide('neo4j', { uri: neo4j.uri, user: 'neo4j', password: 'unused-auth-disabled', launched: true });
  project.provide('neo4jUnavailable', null);
  return async () => {
    const started = Date.now();
    await neo4j.stop();
    console.log(`[test-neo4j] stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
}
