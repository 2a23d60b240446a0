/**
 * The Neo4j the benchmarks run against: the test server of neo4j-launcher with a heap for
 * 100× corpora, and a way to empty it between runs (one DETACH DELETE of a whole 100×
 * graph would need more heap than the bench gives it).
 */
import neo4j from 'neo4j-driver';

export const BENCH_JVM_OPTIONS = ['-Xms2g', '-Xmx4g', '-XX:+UseG1GC', '-XX:+ExitOnOutOfMemoryError', '-Dfile.encoding=UTF-8'];

export async function emptyNeo4j(uri: string): Promise<void> {
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'unused'));
  try {
    for (;;) {
      const { records } = await driver.executeQuery('MATCH (n) WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS n');
      if (records[0]!.get('n').toNumber() === 0) break;
    }
  } finally {
    await driver.close();
  }
}
