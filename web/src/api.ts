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
  docNumber: string | null;
  date: string | null;
  kind: string;
  issuers: string[];
  entities: EntityRef[];
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
  source?: string | null;
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
  relations: DocRelation[];
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

/** A relation as an article record holds it (GET /api/documents/:id `relations`). */
export interface DocRelation {
  type: string;
  from: string;
  to: string;
  evidence: { clauseId: string; start: number; end: number } | null;
  weight?: number;
}

/** The per-file answer of POST /api/documents. */
export interface FileReport {
  file: string;
  status: 'added' | 'updated' | 'unchanged' | 'failed';
  articles: number;
  warnings: (QualityWarning | string)[];
  error: { code: string; message: string } | null;
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

export const SEARCH_PAGE_SIZE = 20; // hits per page
export const DEFAULT_NEIGHBOURHOOD_LIMIT = 200; // nodes, the API's default
const DOCUMENT_CACHE_SIZE = 24; // full articles kept for edge evidence and the reader

export function fetchHealth(signal?: AbortSignal): Promise<Health> {
  return getJson('/api/health', signal);
}

export function searchClauses(
  q: string,
  offset: number,
  signal?: AbortSignal,
  limit: number = SEARCH_PAGE_SIZE,
): Promise<SearchResult> {
  return getJson(withQuery('/api/search', { q, limit, offset }), signal);
}

export function fetchDocuments(signal?: AbortSignal): Promise<{ documents: DocumentSummary[] }> {
  return getJson('/api/documents', signal);
}

let documentIndex: Promise<Map<string, DocumentSummary>> | null = null;

/**
 * Every article's summary by id, fetched once per page load (the document lists).
 * `invalidateDocumentIndex` after writes.
 */
export function fetchDocumentIndex(): Promise<Map<string, DocumentSummary>> {
  if (!documentIndex) {
    documentIndex = fetchDocuments().then(({ documents }) => new Map(documents.map((doc) => [doc.id, doc])));
    documentIndex.catch(() => (documentIndex = null));
  }
  return documentIndex;
}

/** An article as citations name it. */
export interface ArticleRef {
  id: string;
  title: string | null;
  docNumber: string | null;
}

/** What an article cites (each policy with the corpus articles holding its text) and who cites it. */
export interface Citations {
  cites: { entity: EntityRef; articles: ArticleRef[]; self: boolean }[];
  citedBy: { article: ArticleRef; entity: EntityRef }[];
}

export function fetchCitations(id: string, signal?: AbortSignal): Promise<Citations> {
  return getJson(`/api/documents/${encodeURIComponent(id)}/citations`, signal);
}

const documentCache = new Map<string, Promise<PolicyDocument>>();

/** Forgets cached summaries and articles (after an upload or a delete). */
export function invalidateDocumentIndex(): void {
  documentIndex = null;
  documentCache.clear();
}

/** Fired on `window` after an upload or a delete changed the corpus (the header's counts listen). */
export const CORPUS_CHANGED_EVENT = 'policy-kg:corpus-changed';

function corpusChanged(): void {
  invalidateDocumentIndex();
  window.dispatchEvent(new Event(CORPUS_CHANGED_EVENT));
}

/** One article; the last few are cached, since edge evidence reads the same articles again. */
export function fetchDocument(id: string, signal?: AbortSignal): Promise<PolicyDocument> {
  const cached = documentCache.get(id);
  if (cached) {
    documentCache.delete(id);
    documentCache.set(id, cached);
    return cached;
  }
  if (signal) return getJson(`/api/documents/${encodeURIComponent(id)}`, signal);
  const request = getJson<PolicyDocument>(`/api/documents/${encodeURIComponent(id)}`);
  documentCache.set(id, request);
  request.catch(() => documentCache.delete(id));
  while (documentCache.size > DOCUMENT_CACHE_SIZE) documentCache.delete(documentCache.keys().next().value!);
  return request;
}

export function findEntities(
  q: string,
  type: string | undefined,
  signal?: AbortSignal,
  limit?: number,
): Promise<{ entities: EntitySummary[] }> {
  return getJson(withQuery('/api/entities', { q, type, limit }), signal);
}

export function fetchEntity(id: string, signal?: AbortSignal): Promise<EntityDetail> {
  return getJson(`/api/entities/${encodeURIComponent(id)}`, signal);
}

export interface NeighbourhoodOptions {
  depth?: number;
  types?: readonly string[];
  relations?: readonly string[];
  limit?: number;
}

export function fetchNeighbourhood(entity: string, options: NeighbourhoodOptions = {}, signal?: AbortSignal): Promise<Neighbourhood> {
  const { depth, types, relations, limit } = options;
  return getJson(
    withQuery('/api/graph/neighborhood', {
      entity,
      depth,
      types: types?.length ? types.join(',') : undefined,
      relations: relations?.length ? relations.join(',') : undefined,
      limit,
    }),
    signal,
  );
}

/** The shortest path; rejects with code `path_not_found` when the two are not connected. */
export function fetchPath(from: string, to: string, signal?: AbortSignal): Promise<Neighbourhood> {
  return getJson(withQuery('/api/graph/path', { from, to }), signal);
}

export interface CommunityAnswer {
  nodes: (GraphNodeData & { community: number })[];
  communities: { id: number; size: number; hub: string }[];
  modularity: number;
}

/**
 * Louvain communities of the whole entity graph (GET /api/graph/communities without an
 * entity). Fetched once per page load: they do not change with the view.
 */
let wholeGraphCommunities: Promise<CommunityAnswer> | null = null;
export function fetchCommunities(): Promise<CommunityAnswer> {
  if (!wholeGraphCommunities) {
    wholeGraphCommunities = getJson<CommunityAnswer>('/api/graph/communities');
    wholeGraphCommunities.catch(() => (wholeGraphCommunities = null));
  }
  return wholeGraphCommunities;
}

export interface CooperationEvidence {
  from: string;
  fromName: string;
  to: string;
  toName: string;
  docId: string;
  title: string | null;
  clauseId: string;
  text: string;
  highlights: Offsets[];
}

export interface CooperationPair {
  a: string;
  b: string;
  /** cooperation facts: direct ones plus those between institutions placed in the regions */
  count: number;
  documents: number;
  direct: number;
  viaInstitutions: number;
  evidence: CooperationEvidence[];
}

export interface CooperationMatrix {
  regions: string[];
  nodes: GraphNodeData[];
  pairs: CooperationPair[];
  /** cooperation facts whose sides could not be placed in a region */
  unplaced: number;
}

export function fetchCooperation(options: { region?: string; evidenceLimit?: number } = {}, signal?: AbortSignal): Promise<CooperationMatrix> {
  return getJson(withQuery('/api/graph/cooperation', { region: options.region, evidenceLimit: options.evidenceLimit }), signal);
}

export interface CooccurringAnswer {
  entity: EntityRef;
  total: number;
  items: (EntityRef & { weight: number; documents: number })[];
}

export function fetchCooccurring(id: string, limit: number, signal?: AbortSignal): Promise<CooccurringAnswer> {
  return getJson(withQuery(`/api/entities/${encodeURIComponent(id)}/cooccurring`, { limit }), signal);
}

export interface DictionaryWord {
  word: string;
  frequency: number;
  tag: string;
}

export function fetchDictionary(signal?: AbortSignal): Promise<{ words: DictionaryWord[] }> {
  return getJson('/api/dictionary', signal);
}

let apiPaths: Promise<Set<string>> | null = null;

/**
 * The API paths the server describes in /api/openapi.json, so that views offer a feature
 * only when its endpoint exists (e.g. `/api/dictionary`). Never rejects: an unreadable
 * description means "only the basics".
 */
export function fetchApiPaths(): Promise<Set<string>> {
  apiPaths ??= getJson<{ paths?: Record<string, unknown> }>('/api/openapi.json')
    .then((doc) => new Set(Object.keys(doc.paths ?? {})))
    .catch(() => new Set<string>());
  return apiPaths;
}

// ---------- writes (librarians) ----------

function authHeaders(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}`, Accept: 'application/json' };
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: { error?: { code?: string; message?: string } } | null = null;
  try {
    body = await response.json();
  } catch {
    // no JSON body
  }
  return new ApiError(
    body?.error?.code ?? `http_${response.status}`,
    body?.error?.message ?? `请求失败（HTTP ${response.status}）。`,
    response.status,
  );
}

/**
 * Checks an admin token without changing anything (POST /api/auth).
 * @throws ApiError `unauthorized` (wrong token), `writes_disabled` (no token configured), `network`
 */
export async function verifyAdminToken(token: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch('/api/auth', { method: 'POST', headers: authHeaders(token) });
  } catch {
    throw new ApiError('network', '无法连接服务器，请确认服务已启动后重试。', null);
  }
  if (response.ok) return;
  throw await errorFromResponse(response);
}

export async function deleteDocument(id: string, token: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/documents/${encodeURIComponent(id)}`, { method: 'DELETE', headers: authHeaders(token) });
  } catch {
    throw new ApiError('network', '无法连接服务器，请确认服务已启动后重试。', null);
  }
  if (!response.ok) throw await errorFromResponse(response);
  corpusChanged();
}

/** Adds words to the segmenter's dictionary (documents ingested from now on use them). */
export async function addDictionaryWords(
  words: { word: string; tag?: string }[],
  token: string,
): Promise<{ added: number; total: number }> {
  let response: Response;
  try {
    response = await fetch('/api/dictionary', {
      method: 'POST',
      headers: { ...authHeaders(token), 'Content-Type': 'application/json' },
      body: JSON.stringify({ words }),
    });
  } catch {
    throw new ApiError('network', '无法连接服务器，请确认服务已启动后重试。', null);
  }
  if (!response.ok) throw await errorFromResponse(response);
  return response.json();
}

export interface UploadHandle {
  /** the server's report for this file (a failed ingest resolves with status `failed`) */
  done: Promise<FileReport>;
  abort(): void;
}

/**
 * Uploads one file with XMLHttpRequest, which (unlike fetch) reports upload progress.
 * `onProgress` gets the fraction sent, 0..1; at 1 the server is still reading the file.
 * `done` rejects with an ApiError for a refused request (401, 413, 429, network…).
 */
export function uploadFile(file: File, token: string, onProgress: (fraction: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<FileReport>((resolve, reject) => {
    xhr.open('POST', '/api/documents');
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'json';
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    xhr.upload.addEventListener('load', () => onProgress(1));
    xhr.addEventListener('load', () => {
      const body = xhr.response as { files?: FileReport[]; error?: { code?: string; message?: string } } | null;
      const report = body?.files?.[0];
      if ((xhr.status === 201 || xhr.status === 422 || xhr.status === 200) && report) {
        if (report.status === 'added' || report.status === 'updated') corpusChanged();
        resolve(report);
        return;
      }
      reject(
        new ApiError(
          body?.error?.code ?? `http_${xhr.status}`,
          body?.error?.message ?? `上传失败（HTTP ${xhr.status}）。`,
          xhr.status,
        ),
      );
    });
    xhr.addEventListener('error', () => reject(new ApiError('network', '网络中断，文件未能上传，请检查连接后重试。', null)));
    xhr.addEventListener('abort', () => reject(new ApiError('aborted', '已取消上传。', null)));
    const form = new FormData();
    form.append('files', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
