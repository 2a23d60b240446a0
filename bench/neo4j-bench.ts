/**
 * The Neo4j the benchmarks run against: the test server of neo4j-launcher with a heap for
 * 100× corpora, and a way to empty it between runs (one DETACH DELETE of a whole 100×
 * graph would need more heap than the bench gives it).
 */
import { readdirSync, readFileSync } from 'node:fs';
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

/** CPU seconds (user + system) of each thread of a process, by thread name and id; empty where /proc is not at hand. */
export function threadCpuSeconds(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  const ticksPerSecond = 100; // USER_HZ on Linux
  for (const task of tasks) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(`${name}#${task}`, (Number(fields[11]) + Number(fields[12])) / ticksPerSecond); // utime, stime
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/**
 * Where the JVM's CPU went between two threadCpuSeconds snapshots: in total, in Bolt's worker
 * threads (which run the transactions) and in the JIT compilers.
 */
export function jvmCpuSummary(before: Map<string, number>, after: Map<string, number>): string {
  let total = 0;
  let bolt = 0;
  let jit = 0;
  for (const [thread, seconds] of after) {
    const used = seconds - (before.get(thread) ?? 0);
    total += used;
    if (thread.includes('BoltWorke')) bolt += used; // /proc truncates thread names to 15 characters
    if (thread.includes('CompilerThre')) jit += used;
  }
  return `JVM ${total.toFixed(1)} s (Bolt worker threads ${bolt.toFixed(1)} s, JIT compilers ${jit.toFixed(1)} s)`;
}
