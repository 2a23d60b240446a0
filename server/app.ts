import { timingSafeEqual, createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import multer from 'multer';
import { z } from 'zod';
import { AppError, badRequest, notFound, unauthorized, type KnowledgeBase } from '../core/index.js';
import {
  ENTITY_EDGE_TYPES,
  GraphError,
  GraphTooLargeError,
  graphToGraphML,
  graphToNeo4jCsvZip,
  type CooperationEvidence,
  type Subgraph,
  type SubgraphNode,
} from '../graph/index.js';
import { ENTITY_TYPES, MAX_FILE_BYTES, isIngestError } from '../ingest/index.js';
import { DEFAULT_WORD_FREQUENCY, DICTIONARY_WORD } from '../lang/index.js';
import { QueryError } from '../search/index.js';
import { openApiDocument } from './openapi.js';

export interface AppOptions {
  /** folder with the built web UI (index.html); the API alone when absent */
  webDir?: string;
  /** writes are refused when null */
  adminToken: string | null;
  /** requests per client address and minute; 0 = unlimited (default) */
  rateLimits?: { readsPerMinute: number; writesPerMinute: number };
}

const SearchParams = z.object({
  q: z.string().trim().min(1, '请输入检索词。').max(500, '检索词过长（最多 500 个字符）。'),
  limit: z.union([z.literal('all'), z.coerce.number().int().min(1).max(1000)]).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

const EntityParams = z.object({
  q: z.string().trim().max(100).default(''),
  type: z.enum(ENTITY_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []))
    .pipe(z.array(z.enum(values)));

const NeighbourhoodParams = z.object({
  entity: z.string().min(1, '缺少参数 entity（实体 ID，例如 program:产教联合体）。'),
  depth: z.coerce.number().int().min(1).max(3).default(1),
  types: csv(ENTITY_TYPES),
  relations: csv(ENTITY_EDGE_TYPES),
  limit: z.coerce.number().int().min(1).max(2000).default(200),
});

const DictionaryBody = z.object({
  words: z
    .array(
      z.object({
        word: z.string().regex(DICTIONARY_WORD, '词语须为 1–40 个字符的文字或数字（可含 ·、-、+、& 和括号），不能有空格或控制字符。'),
        frequency: z.number().int().min(1).max(10_000_000).optional(),
        tag: z.string().regex(/^[a-z]{1,4}$/, '词性须为 1–4 个小写字母，例如 nt、ns、nz、n。').optional(),
      }),
    )
    .min(1, '请至少提供一个词语。')
    .max(1000, '一次最多添加 1000 个词语。'),
});

const PathParams = z.object({ from: z.string().min(1), to: z.string().min(1) });

/** How many evidence clauses an entity answer carries. */
const ENTITY_EVIDENCE_LIMIT = 50;

/** Most nodes of the whole graph that /graph/communities partitions (Louvain in the request). */
export const MAX_COMMUNITY_GRAPH_NODES = 5000; // nodes
/** Most nodes of the whole graph that /graph/export writes. */
export const MAX_EXPORT_GRAPH_NODES = 250_000; // nodes

// Parameters of the analysts' graph endpoints, with the messages users see in Chinese.
const count = (min: number, max: number) => {
  const message = `须为 ${min} 到 ${max} 之间的整数。`;
  return z.coerce.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
};
/** An optional id: absent and empty are the same (a form field left blank). */
const optionalId = z
  .string()
  .optional()
  .transform((s) => (s ? s : undefined));
const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []))
    .pipe(z.array(z.enum(values, { error: `可选值为 ${values.join('、')}（用逗号分隔）。` })));

const CommunityParams = z.object({
  entity: optionalId,
  depth: count(1, 3).default(2),
  types: listOf(ENTITY_TYPES),
  relations: listOf(ENTITY_EDGE_TYPES),
  limit: count(1, 2000).default(200),
});

const CooperationParams = z.object({
  region: optionalId,
  evidenceLimit: count(0, 50).default(5),
});

const CoOccurringParams = z.object({ limit: count(1, 500).default(20) });

const ExportParams = z.object({
  format: z.enum(['graphml', 'csv'], { error: '须为 graphml 或 csv。' }).default('graphml'),
  entity: optionalId,
  depth: count(1, 3).default(1),
  types: listOf(ENTITY_TYPES),
  relations: listOf(ENTITY_EDGE_TYPES),
  limit: count(1, 5000).default(200),
});

/**
 * The JSON API (CONTRACT.md) and the web UI. Errors of every layer reach one handler
 * that answers `{"error": {"code", "message"}}`.
 */
export function createApp(kb: KnowledgeBase, options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
    }),
  );

  const api = express.Router();
  const reads = options.rateLimits?.readsPerMinute ?? 0;
  const writes = options.rateLimits?.writesPerMinute ?? 0;
  if (reads) api.use(limiter(reads, (req) => req.method !== 'GET'));
  if (writes) api.use(limiter(writes, (req) => req.method === 'GET'));
  api.get('/health', async (_req, res) => {
    const totals = kb.totals();
    res.json({ status: 'ok', backend: kb.graph.backend, documents: totals.articles, clauses: totals.clauses, entities: totals.entities });
  });

  api.get('/search', (req, res) => {
    const p = parse(SearchParams, req.query);
    res.json(kb.search(p.q, { limit: p.limit, offset: p.offset }));
  });

  api.get('/documents', (_req, res) => {
    res.json({ documents: kb.documents() });
  });

  api.get('/documents/:id', (req, res) => {
    res.json(kb.document(String(req.params.id)));
  });

  api.get('/documents/:id/citations', (req, res) => {
    res.json(kb.citations(String(req.params.id)));
  });

  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_FILE_BYTES, files: 20 } });
  // Any failure while parsing the multipart body is the request's fault (a missing
  // boundary, a truncated part): 400, never 500.
  const readUpload = (req: Request, res: Response, next: NextFunction) =>
    upload.array('files')(req, res, (err: unknown) => {
      if (!err || err instanceof multer.MulterError) return next(err);
      next(badRequest('bad_upload', `上传的表单格式错误（${(err as Error).message}），请用 multipart/form-data 的 files 字段上传文件。`));
    });
  // Signing in checks the token here, under the write rate limit, without changing anything.
  api.post('/auth', requireAdmin(options.adminToken), (_req, res) => {
    res.json({ admin: true });
  });

  api.post('/documents', requireAdmin(options.adminToken), readUpload, async (req, res) => {
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    if (!files.length) throw badRequest('no_files', '请求中没有文件：请用表单字段 files 上传一个或多个文件。');
    const reports = [];
    for (const f of files) {
      const name = safeFileName(Buffer.from(f.originalname, 'latin1').toString('utf8'));
      reports.push(await kb.addUpload(name, f.buffer));
    }
    const status = reports.every((r) => r.status === 'failed') ? 422 : 201;
    res.status(status).json({ files: reports });
  });

  api.delete('/documents/:id', requireAdmin(options.adminToken), async (req, res) => {
    await kb.deleteDocument(String(req.params.id));
    res.status(204).end();
  });

  api.get('/entities', (req, res) => {
    const p = parse(EntityParams, req.query);
    res.json({ entities: kb.findEntities(p.q, p.type ?? null, p.limit) });
  });

  api.get('/entities/:id', async (req, res) => {
    const id = String(req.params.id);
    const detail = await kb.graph.entity(id, ENTITY_EVIDENCE_LIMIT);
    if (!detail) throw notFound('entity_not_found', `未找到实体 ${id}。`);
    const evidence = detail.evidence.flatMap((ev) => {
      const clause = kb.clauseText(ev.clauseId);
      if (!clause) return [];
      return [
        {
          clauseId: ev.clauseId,
          docId: clause.record.id,
          title: clause.record.title,
          text: clause.text,
          highlights: [[ev.start - clause.start, ev.end - clause.start]],
        },
      ];
    });
    const documents = detail.documentIds.map((d) => ({ id: d, title: safeTitle(kb, d) }));
    res.json({ entity: { id: detail.node.id, name: detail.node.name, type: detail.node.type }, mentionCount: detail.mentionCount, documents, evidence });
  });

  api.get('/graph/neighborhood', async (req, res) => {
    const p = parse(NeighbourhoodParams, req.query);
    if (!(await kb.graph.node(p.entity))) throw notFound('entity_not_found', `未找到实体 ${p.entity}。`);
    res.json(await kb.graph.neighbours({ id: p.entity, depth: p.depth, entityTypes: p.types, edgeTypes: p.relations, limit: p.limit }));
  });

  api.get('/graph/path', async (req, res) => {
    const p = parse(PathParams, req.query);
    const path = await kb.graph.shortestPath(p.from, p.to);
    if (!path) throw notFound('path_not_found', `${p.from} 与 ${p.to} 之间没有路径。`);
    res.json(path);
  });

  api.get('/entities/:id/cooccurring', async (req, res) => {
    const id = String(req.params.id);
    const p = parse(CoOccurringParams, req.query);
    const ranking = await kb.graph.cooccurring(id, p.limit);
    if (!ranking) throw notFound('entity_not_found', `未找到实体 ${id}。`);
    res.json({
      entity: { id: ranking.entity.id, name: ranking.entity.name, type: ranking.entity.type },
      total: ranking.total,
      items: ranking.items.map(({ node, weight, documents }) => ({ id: node.id, name: node.name, type: node.type, weight, documents })),
    });
  });

  api.get('/graph/communities', async (req, res) => {
    const p = parse(CommunityParams, req.query);
    if (p.entity === undefined) {
      res.json(await kb.graph.communities({ entityTypes: p.types, edgeTypes: p.relations, maxNodes: MAX_COMMUNITY_GRAPH_NODES }));
      return;
    }
    if (!(await kb.graph.node(p.entity))) throw notFound('entity_not_found', `未找到实体 ${p.entity}。`);
    res.json(await kb.graph.communities({ id: p.entity, depth: p.depth, entityTypes: p.types, edgeTypes: p.relations, limit: p.limit }));
  });

  api.get('/graph/cooperation', async (req, res) => {
    const p = parse(CooperationParams, req.query);
    if (p.region !== undefined && !(await kb.graph.node(p.region))) throw notFound('entity_not_found', `未找到地区 ${p.region}。`);
    const matrix = await kb.graph.cooperation({ region: p.region, evidenceLimit: p.evidenceLimit });
    const names = new Map(matrix.nodes.map((n) => [n.id, n]));
    res.json({
      ...matrix,
      pairs: matrix.pairs.map((pair) => ({ ...pair, evidence: pair.evidence.flatMap((ev) => cooperationEvidence(kb, ev, names)) })),
    });
  });

  api.get('/graph/export', async (req, res) => {
    const p = parse(ExportParams, req.query);
    let graph: Subgraph;
    if (p.entity === undefined) {
      graph = await kb.graph.entityGraph({ entityTypes: p.types, edgeTypes: p.relations, maxNodes: MAX_EXPORT_GRAPH_NODES });
    } else {
      if (!(await kb.graph.node(p.entity))) throw notFound('entity_not_found', `未找到实体 ${p.entity}。`);
      graph = await kb.graph.neighbours({ id: p.entity, depth: p.depth, entityTypes: p.types, edgeTypes: p.relations, limit: p.limit });
    }
    const name = p.entity === undefined ? 'policy-kg-graph' : 'policy-kg-subgraph';
    if (p.format === 'graphml') {
      res.attachment(`${name}.graphml`).type('application/graphml+xml; charset=utf-8').send(graphToGraphML(graph));
    } else {
      res.attachment(`${name}-csv.zip`).type('application/zip').send(graphToNeo4jCsvZip(graph));
    }
  });

  api.get('/dictionary', (_req, res) => {
    res.json({ words: kb.dictionaryWords() });
  });

  api.post('/dictionary', requireAdmin(options.adminToken), express.json({ limit: '1mb' }), async (req, res) => {
    const { words } = parse(DictionaryBody, req.body ?? {});
    res.status(201).json(await kb.addDictionaryWords(words.map((w) => ({ word: w.word, frequency: w.frequency ?? DEFAULT_WORD_FREQUENCY, tag: w.tag ?? 'n' }))));
  });

  api.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });

  const routes = Object.entries((openApiDocument() as { paths: Record<string, object> }).paths).map(([path, operations]) => ({
    pattern: new RegExp(`^${path.replace(/^\/api/, '').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    methods: Object.keys(operations).map((m) => m.toUpperCase()),
  }));
  api.use((req, res) => {
    const route = routes.find((r) => r.pattern.test(req.path));
    if (!route) throw notFound('not_found', `没有这个接口：${req.method} ${req.path}`);
    res.set('Allow', route.methods.join(', '));
    throw new AppError('method_not_allowed', 405, `接口 ${req.path} 不支持 ${req.method}，可用的方法：${route.methods.join('、')}。`);
  });

  app.use('/api', api);
  if (options.webDir && existsSync(join(options.webDir, 'index.html'))) {
    app.use(express.static(options.webDir, { index: 'index.html', maxAge: '1h' }));
  }
  app.use(errorHandler);
  return app;
}

function limiter(perMinute: number, skip: (req: Request) => boolean) {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    skip,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json({ error: { code: 'rate_limited', message: '请求过于频繁，请稍后再试。' } });
    },
  });
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path.length ? `参数 ${issue.path.join('.')}：` : '';
    throw badRequest('bad_request', `${where}${issue.message}`);
  }
  return r.data;
}

/** A cooperation fact with its clause text and the names of both sides; none when the clause is gone. */
function cooperationEvidence(kb: KnowledgeBase, ev: CooperationEvidence, names: ReadonlyMap<string, SubgraphNode>) {
  const clause = kb.clauseText(ev.clauseId);
  if (!clause) return [];
  const clamp = (offset: number) => Math.min(Math.max(offset - clause.start, 0), clause.text.length);
  return [
    {
      from: ev.from,
      fromName: names.get(ev.from)?.name ?? ev.from,
      to: ev.to,
      toName: names.get(ev.to)?.name ?? ev.to,
      docId: clause.record.id,
      title: clause.record.title,
      clauseId: ev.clauseId,
      text: clause.text,
      highlights: [[clamp(ev.start), clamp(ev.end)]],
    },
  ];
}

function safeTitle(kb: KnowledgeBase, id: string): string | null {
  try {
    return kb.document(id).title;
  } catch {
    return null;
  }
}

/** Keep only the base name and drop control characters: an upload can never write outside the corpus. */
function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').replace(/^\.+/, '').trim();
  if (!clean) throw badRequest('bad_file_name', `文件名 ${JSON.stringify(name)} 无效。`);
  return clean;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function requireAdmin(token: string | null) {
  const expected = token ? digest(token) : null;
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!expected) throw new AppError('writes_disabled', 403, '服务器未配置管理令牌（KG_ADMIN_TOKEN），写入已停用。');
    const given = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    // Compare digests so that the comparison takes the same time whatever the length.
    if (!given || !timingSafeEqual(digest(given), expected)) throw unauthorized('需要有效的管理令牌（Authorization: Bearer …）。');
    next();
  };
}

function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  const known = toHttpError(err);
  if (known) {
    res.status(known.status).json({ error: { code: known.code, message: known.message } });
    return;
  }
  console.error(`[policy-kg] ${req.method} ${req.originalUrl} failed:`, err);
  res.status(500).json({ error: { code: 'internal', message: '服务器内部错误，请稍后重试。' } });
}

function toHttpError(err: unknown): { status: number; code: string; message: string } | null {
  if (err instanceof GraphError && err.code === 'graph_unavailable') {
    // the store's own message (English, for operators) goes to the log; users get Chinese
    console.error(`[policy-kg] graph unavailable: ${err.message}`);
    return { status: 503, code: err.code, message: '图数据库暂时不可用，请稍后重试。' };
  }
  if (err instanceof GraphTooLargeError) {
    return {
      status: 400,
      code: err.code,
      message: `全图至少有 ${err.nodes} 个节点，超过此接口的上限 ${err.maxNodes} 个；请用 entity 参数从一个实体的邻域开始。`,
    };
  }
  if (err instanceof AppError || err instanceof QueryError || err instanceof GraphError) {
    return { status: err.status, code: err.code, message: err.message };
  }
  if (isIngestError(err)) return { status: err.status, code: err.code, message: err.message };
  if (err instanceof multer.MulterError) {
    const message = err.code === 'LIMIT_FILE_SIZE' ? `文件超过 ${MAX_FILE_BYTES / 1024 / 1024} MB 上限。` : `上传失败：${err.message}`;
    return { status: err.code === 'LIMIT_FILE_SIZE' ? 413 : 400, code: 'bad_upload', message };
  }
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.parse.failed' || e?.status === 400) return { status: 400, code: 'bad_request', message: '请求格式错误。' };
  return null;
}
