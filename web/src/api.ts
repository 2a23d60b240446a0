/**
 * Typed client for the policy-kg HTTP API (CONTRACT.md "HTTP surface").
 * Every call rejects with an ApiError whose `message` is fit to show to users.
 */

export type EntityType = 'region' | 'institution' | 'program' | 'policy_document' | 'industry' | 'person';

/** `[start, end)` in UTF-16 code units, as the server sends them. */
export type Offsets = [number, number];

export interface Health {
  status: string;
  backend: 'embedded' | 'neo4j';
  documents: number;
  clauses: number;
  entities: number;
}

export interface EntityRef {
  id: string;
  name: string;
  type: EntityType | string;
}

export interface SearchHit {
  clauseId: string;
  docId: string;
  title: string | null;
  text: string;
  score: number;
  highlights: Offsets[];
  docNumber?: string | null;
  date?: string | null;
  kind?: string | null;
  entities?: EntityRef[];
}

export interface SearchResult {
  total: number;
  tookMs: number;
  facets?: Record<string, Record<string, number>>;
  hits: SearchHit[];
}

export interface DocumentSummary {
  id: string;
  file: string;
  title: string | null;
  kind: string;
  date: string | null;
  docNumber: string | null;
  issuers: string[];
  clauseCount?: number;
  entityCount?: number;
}

export interface Section {
  id: string;
  heading: string | null;
  level: number;
  parent: string | null;
  start: number;
  end: number;
}

export interface Clause {
  id: string;
  sectionId: string;
  start: number;
  end: number;
}

export interface Mention {
  start: number;
  end: number;
  clauseId?: string;
}

export interface DocEntity extends EntityRef {
  aliases: string[];
  mentions: Mention[];
}

export interface Target {
  id?: string;
  clauseId?: string;
  text: string;
  year: number | null;
  quantity: string | null;
  subject: string | null;
  start: number;
  end: number;
}

export interface QualityWarning {
  ruleId?: string;
  message: string;
}

export interface PolicyDocument {
  id: string;
  file: string;
  title: string | null;
  kind: string;
  issuers: string[];
  authors: string[];
  docNumber: string | null;
  date: string | null;
  source: string | null;
  text: string;
  sections: Section[];
  clauses: Clause[];
  entities: DocEntity[];
  targets: Target[];
  relations: unknown[];
  warnings: (QualityWarning | string)[];
}

export interface EntitySummary extends EntityRef {
  mentionCount?: number;
}

export interface Evidence {
  clauseId: string;
  docId: string;
  title: string | null;
  text: string;
  highlights: Offsets[];
}

export interface EntityDetail {
  entity: EntityRef;
  mentionCount: number;
  documents: { id: string; title: string | null }[];
  evidence: Evidence[];
}

export interface GraphNodeData {
  id: string;
  label?: string;
  type: string | null;
  name?: string;
}

export interface GraphEdgeData {
  type: string;
  from: string;
  to: string;
  weight?: number;
}

export interface Neighbourhood {
  nodes: GraphNodeData[];
  edges: GraphEdgeData[];
}

/** A failed API call; `code` is the server's error code, or `network` / `bad_response`. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number | null;

  constructor(code: string, message: string, status: number | null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

/** The user-facing text of any error a view catches. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return '发生未知错误，请稍后重试。';
}

/** True when the error only says the request was superseded (AbortController). */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError('network', '无法连接服务器，请确认服务已启动后重试。', null);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch (error) {
    if (isAbortError(error)) throw error;
    if (response.ok) {
      throw new ApiError('bad_response', `服务器返回了无法解析的响应（HTTP ${response.status}）。`, response.status);
    }
  }
  if (!response.ok) {
    const serverError = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(
      serverError?.code ?? `http_${response.status}`,
      serverError?.message ?? `请求失败（HTTP ${response.status}）。`,
      response.status,
    );
  }
  return body as T;
}

function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const encoded = query.toString();
  return encoded ? `${path}?${encoded}` : path;
}

export const SEARCH_PAGE_SIZE = 20; // hits per request

export function fetchHealth(signal?: AbortSignal): Promise<Health> {
  return getJson('/api/health', signal);
}

export function searchClauses(q: string, offset: number, signal?: AbortSignal): Promise<SearchResult> {
  return getJson(withQuery('/api/search', { q, limit: SEARCH_PAGE_SIZE, offset }), signal);
}

export function fetchDocuments(signal?: AbortSignal): Promise<{ documents: DocumentSummary[] }> {
  return getJson('/api/documents', signal);
}

export function fetchDocument(id: string, signal?: AbortSignal): Promise<PolicyDocument> {
  return getJson(`/api/documents/${encodeURIComponent(id)}`, signal);
}

export function findEntities(q: string, type: string | undefined, signal?: AbortSignal): Promise<{ entities: EntitySummary[] }> {
  return getJson(withQuery('/api/entities', { q, type }), signal);
}

export function fetchEntity(id: string, signal?: AbortSignal): Promise<EntityDetail> {
  return getJson(`/api/entities/${encodeURIComponent(id)}`, signal);
}

export function fetchNeighbourhood(
  entity: string,
  depth: number,
  types: readonly string[],
  signal?: AbortSignal,
): Promise<Neighbourhood> {
  return getJson(
    withQuery('/api/graph/neighborhood', { entity, depth, types: types.length ? types.join(',') : undefined }),
    signal,
  );
}
