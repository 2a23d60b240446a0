/**
 * Starts a throw-away Neo4j Community (TestNeo4j.java) for tests: resolves the Maven classpath
 * once (cached in target/classpath.txt), runs the JVM on a free port of 127.0.0.1 with a fresh
 * data folder, and waits for its READY line.
 *
 * Used by tests/setup/neo4j-global-setup.ts; also runnable by hand:
 *   npx tsx neo4j-launcher/start.ts        # prints the bolt URI, stops on Ctrl-C
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const LAUNCHER_DIR = path.dirname(fileURLToPath(import.meta.url));
const POM = path.join(LAUNCHER_DIR, 'pom.xml');
const MAIN_SOURCE = 'TestNeo4j.java';
const CLASSPATH_FILE = path.join(LAUNCHER_DIR, 'target', 'classpath.txt');
const CLASSES_DIR = path.join(LAUNCHER_DIR, 'target', 'classes');
const MAIN_CLASS = 'TestNeo4j';

export const DEFAULT_STARTUP_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 15_000; // stdin closed → clean shutdown, normally ~1.5 s
const KILL_GRACE_MS = 5_000;
const STDERR_TAIL_LINES = 40;

/**
 * Modest heap, serial GC and the C1 compiler only: the test graphs are tiny, and on a 2-core
 * machine a JVM that compiles and collects in parallel slows every other test worker.
 */
export const DEFAULT_JVM_OPTIONS: readonly string[] = [
  '-Xms256m',
  '-Xmx1g',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-XX:+ExitOnOutOfMemoryError',
  '-Dfile.encoding=UTF-8',
];

export interface TestNeo4j {
  uri: string;
  pid: number;
  /** wall time from spawning the JVM to READY */
  startupMs: number;
  /** Stops the JVM (stdin EOF, then SIGTERM, then SIGKILL to its process group) and deletes its data. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** data folder; a fresh temp folder (deleted on stop) when omitted */
  dataDir?: string;
  /** Bolt port; 0 (default) lets the OS choose a free one */
  port?: number;
  jvmOptions?: readonly string[];
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** True when `command` can be run (java, mvn). */
export function hasCommand(command: string): boolean {
  const result = spawnSync(command, ['-version'], { stdio: 'ignore', timeout: 30_000 });
  return !result.error;
}

/**
 * The Java classpath for TestNeo4j, from target/classpath.txt when that is newer than pom.xml
 * and every jar in it exists; otherwise from `mvn dependency:build-classpath` (downloads on first use).
 */
export async function resolveClasspath(log: (line: string) => void = () => {}): Promise<string> {
  if (existsSync(CLASSPATH_FILE) && statSync(CLASSPATH_FILE).mtimeMs >= statSync(POM).mtimeMs) {
    const cached = (await readFile(CLASSPATH_FILE, 'utf8')).trim();
    if (cached && cached.split(path.delimiter).every((jar) => existsSync(jar))) return cached;
  }
  const started = Date.now();
  log('resolving the Neo4j classpath with Maven (first run downloads ~120 MB)…');
  const temp = `${CLASSPATH_FILE}.${process.pid}.tmp`;
  const result = await run('mvn', ['-q', '-B', 'dependency:build-classpath', `-Dmdep.outputFile=${temp}`], LAUNCHER_DIR);
  if (result.code !== 0 || !existsSync(temp)) {
    await rm(temp, { force: true });
    throw new Error(`mvn dependency:build-classpath failed in ${LAUNCHER_DIR} (exit ${result.code}):\n${result.output.slice(-4000)}`);
  }
  await rename(temp, CLASSPATH_FILE);
  log(`classpath resolved in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return (await readFile(CLASSPATH_FILE, 'utf8')).trim();
}

/**
 * Compiles TestNeo4j.java into target/classes once (the source launcher would spend ~1 s of
 * every start compiling it). False when javac is missing: then the source launcher runs it.
 */
async function compileLauncher(classpath: string, log: (line: string) => void): Promise<boolean> {
  const source = path.join(LAUNCHER_DIR, MAIN_SOURCE);
  const compiled = path.join(CLASSES_DIR, `${MAIN_CLASS}.class`);
  if (existsSync(compiled) && statSync(compiled).mtimeMs >= Math.max(statSync(source).mtimeMs, statSync(CLASSPATH_FILE).mtimeMs)) {
    return true;
  }
  if (!hasCommand('javac')) return false;
  const temp = `${CLASSES_DIR}.${process.pid}.tmp`;
  await rm(temp, { recursive: true, force: true });
  const result = await run('javac', ['-nowarn', '-cp', classpath, '-d', temp, source], LAUNCHER_DIR);
  if (result.code !== 0) {
    await rm(temp, { recursive: true, force: true });
    log(`javac failed, falling back to the source launcher:\n${result.output.slice(-2000)}`);
    return false;
  }
  await rm(CLASSES_DIR, { recursive: true, force: true });
  await rename(temp, CLASSES_DIR);
  return true;
}

/**
 * Starts TestNeo4j and resolves once Bolt accepts connections.
 * @throws Error with the JVM's last stderr lines when it exits, prints FAILED or times out.
 */
export async function startTestNeo4j(options: StartOptions = {}): Promise<TestNeo4j> {
  const log = options.log ?? (() => {});
  const classpath = await resolveClasspath(log);
  const compiled = await compileLauncher(classpath, log);
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'policy-kg-neo4j-')));
  const args = [
    ...(options.jvmOptions ?? DEFAULT_JVM_OPTIONS),
    '-cp',
    compiled ? `${CLASSES_DIR}${path.delimiter}${classpath}` : classpath,
    compiled ? MAIN_CLASS : MAIN_SOURCE,
    dataDir,
    String(options.port ?? 0),
    ...(ownDataDir ? ['--delete-data-on-exit'] : []),
  ];
  const started = Date.now();
  // detached: its own process group, so stop() can signal the JVM and anything it started.
  // stdin stays a pipe: if this process dies, the pipe closes and the JVM shuts itself down.
  const child = spawn('java', args, { cwd: LAUNCHER_DIR, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  const stderrTail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const cleanup = async () => {
    await stopProcess(child, exited);
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
  };

  let uri: string;
  try {
    uri = await new Promise<string>((resolve, reject) => {
      const fail = (why: string) =>
        reject(new Error(`Test Neo4j did not start: ${why}\n${stderrTail.join('\n')}\n(logs: ${path.join(dataDir, 'logs', 'debug.log')})`));
      const timer = setTimeout(() => fail(`no READY line after ${(options.timeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS) / 1000} s`), options.timeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS);
      child.once('error', (error) => {
        clearTimeout(timer);
        fail(error.message);
      });
      void exited.then((code) => {
        clearTimeout(timer);
        fail(`the JVM exited with code ${code}`);
      });
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const ready = /^READY (bolt:\/\/\S+)/.exec(line);
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]!);
        } else if (line.startsWith('FAILED')) {
          clearTimeout(timer);
          fail(line);
        }
      });
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
  const startupMs = Date.now() - started;
  log(`Neo4j ${uri} ready in ${(startupMs / 1000).toFixed(1)} s (pid ${child.pid})`);
  let stopping: Promise<void> | null = null;
  return { uri, pid: child.pid!, startupMs, stop: () => (stopping ??= cleanup()) };
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const within = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
  child.stdin?.end();
  if (await within(STOP_GRACE_MS)) return;
  signalGroup(child, 'SIGTERM');
  if (await within(KILL_GRACE_MS)) return;
  signalGroup(child, 'SIGKILL');
  await exited;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    child.kill(signal);
  }
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (error) => resolve({ code: -1, output: `${output}\n${error.message}` }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const neo = await startTestNeo4j({ log: (line) => console.error(line) });
  console.log(neo.uri);
  const stop = () => void neo.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
