import { resolve } from 'node:path';
import { z } from 'zod';

/** Port the server listens on when PORT is unset. */
export const DEFAULT_PORT = 3000;

const EnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORT),
  KG_DATA_DIR: z.string().min(1).default('./data'),
  KG_CORPUS_DIR: z.string().min(1).default('./corpus'),
  KG_ADMIN_TOKEN: z.string().min(1).optional(),
  KG_READ_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
  KG_WRITE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  NEO4J_URI: z.string().min(1).optional(),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
});

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  corpusDir: string;
  /** writes over HTTP are disabled when no token is configured */
  adminToken: string | null;
  neo4j: { uri: string; user: string; password: string } | null;
  /** requests per client address and minute; 0 = unlimited */
  rateLimits: { readsPerMinute: number; writesPerMinute: number };
  /**
   * Source bytes from which a folder ingest extracts on a worker thread as well: starting one
   * (jieba and the lexicons) takes ~0.5 s, which a few megabytes repay (bench/ingest.ts).
   */
  parallelIngestMinBytes: number;
}

const PARALLEL_INGEST_MIN_BYTES = 4 * 1024 * 1024;

/**
 * Configuration from the environment (README lists the variables), validated once.
 * @throws Error naming the variable and what it should hold
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`配置错误：环境变量 ${String(issue.path[0])} 无效（${issue.message}）。`);
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(e.KG_DATA_DIR),
    corpusDir: resolve(e.KG_CORPUS_DIR),
    adminToken: e.KG_ADMIN_TOKEN ?? null,
    neo4j: e.NEO4J_URI ? { uri: e.NEO4J_URI, user: e.NEO4J_USER, password: e.NEO4J_PASSWORD } : null,
    rateLimits: { readsPerMinute: e.KG_READ_LIMIT_PER_MINUTE, writesPerMinute: e.KG_WRITE_LIMIT_PER_MINUTE },
    parallelIngestMinBytes: PARALLEL_INGEST_MIN_BYTES,
    ...overrides,
  };
}
