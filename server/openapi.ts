/** OpenAPI 3.1 description of the HTTP surface that exists (GET /api/openapi.json). */
import { ENTITY_EDGE_TYPES } from '../graph/index.js';
import { ENTITY_TYPES } from '../ingest/index.js';

const error = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
  },
};

const nullableString = { type: ['string', 'null'] };
const span = { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 };
const entityRef = { type: 'object', required: ['id', 'name', 'type'], properties: { id: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' } } };

const articleRef = { type: 'object', required: ['id', 'title'], properties: { id: { type: 'string' }, title: nullableString, docNumber: nullableString } };
const citations = {
  type: 'object',
  required: ['cites', 'citedBy'],
  properties: {
    cites: {
      type: 'array',
      items: {
        type: 'object',
        required: ['entity', 'articles', 'self'],
        properties: { entity: entityRef, articles: { type: 'array', items: articleRef }, self: { type: 'boolean', description: 'the policy is this article itself (a notice naming the plan it publishes)' } },
      },
    },
    citedBy: {
      type: 'array',
      items: { type: 'object', required: ['article', 'entity'], properties: { article: articleRef, entity: entityRef } },
    },
  },
};

const hit = {
  type: 'object',
  required: ['clauseId', 'docId', 'title', 'text', 'score', 'highlights'],
  properties: {
    clauseId: { type: 'string' },
    docId: { type: 'string' },
    title: nullableString,
    text: { type: 'string' },
    score: { type: 'number' },
    highlights: { type: 'array', items: span },
    docNumber: nullableString,
    date: nullableString,
    kind: { type: 'string' },
    entities: { type: 'array', items: entityRef },
  },
};

const subgraph = {
  type: 'object',
  required: ['nodes', 'edges'],
  properties: {
    nodes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'label', 'name'],
        properties: { id: { type: 'string' }, label: { type: 'string' }, type: nullableString, name: { type: 'string' } },
      },
    },
    edges: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'from', 'to', 'weight'],
        properties: { type: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, weight: { type: 'number' } },
      },
    },
  },
};

const integer = { type: 'integer' };
const graphNode = subgraph.properties.nodes.items;
const communities = {
  type: 'object',
  required: ['nodes', 'edges', 'communities', 'modularity'],
  properties: {
    nodes: {
      type: 'array',
      items: { ...graphNode, required: [...graphNode.required, 'community'], properties: { ...graphNode.properties, community: integer } },
    },
    edges: subgraph.properties.edges,
    communities: {
      type: 'array',
      items: { type: 'object', required: ['id', 'size', 'hub'], properties: { id: integer, size: integer, hub: { type: 'string' } } },
    },
    modularity: { type: 'number' },
  },
};
const cooperation = {
  type: 'object',
  required: ['regions', 'nodes', 'pairs', 'unplaced'],
  properties: {
    regions: { type: 'array', items: { type: 'string' } },
    nodes: { type: 'array', items: graphNode },
    pairs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['a', 'b', 'count', 'documents', 'direct', 'viaInstitutions', 'evidence'],
        properties: {
          a: { type: 'string' },
          b: { type: 'string' },
          count: integer,
          documents: integer,
          direct: integer,
          viaInstitutions: integer,
          evidence: {
            type: 'array',
            items: {
              type: 'object',
              required: ['from', 'fromName', 'to', 'toName', 'docId', 'title', 'clauseId', 'text', 'highlights'],
              properties: {
                from: { type: 'string' },
                fromName: { type: 'string' },
                to: { type: 'string' },
                toName: { type: 'string' },
                docId: { type: 'string' },
                title: nullableString,
                clauseId: { type: 'string' },
                text: { type: 'string' },
                highlights: { type: 'array', items: span },
              },
            },
          },
        },
      },
    },
    unplaced: integer,
  },
};
const cooccurring = {
  type: 'object',
  required: ['entity', 'total', 'items'],
  properties: {
    entity: { type: 'object', required: ['id', 'name', 'type'], properties: { id: { type: 'string' }, name: { type: 'string' }, type: nullableString } },
    total: integer,
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'type', 'weight', 'documents'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, type: nullableString, weight: { type: 'number' }, documents: integer },
      },
    },
  },
};

const DICTIONARY_WORD = {
  type: 'object',
  required: ['word', 'frequency', 'tag'],
  properties: { word: { type: 'string' }, frequency: { type: 'integer' }, tag: { type: 'string' } },
};
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const errors = {
  '400': { description: '请求参数错误', ...json(error) },
  '404': { description: '未找到', ...json(error) },
};
const q = (name: string, required: boolean, schema: object, description: string) => ({ name, in: 'query', required, schema, description });
const ENTITY_TYPE_NAMES = [...ENTITY_TYPES];
const RELATION_NAMES = [...ENTITY_EDGE_TYPES];
const list = (name: string, values: string[], description: string) => ({
  name,
  in: 'query',
  required: false,
  style: 'form',
  explode: false,
  schema: { type: 'array', items: { enum: values } },
  description,
});
// A query needs something to search for and balanced quotes; anything else is refused with 400.
const SEARCHABLE_QUERY = '^(?=[\\s\\S]*\\S)[^"]*("[^"]*"[^"]*)*$';
const path = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', minLength: 1 } });

export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: { title: 'policy-kg API', version: '0.1.0', description: 'Knowledge graph and clause-level full-text search over Chinese policy documents.' },
    components: {
      securitySchemes: { admin: { type: 'http', scheme: 'bearer', description: 'KG_ADMIN_TOKEN' } },
      schemas: { Error: error, SearchHit: hit, Subgraph: subgraph, Communities: communities, CooperationMatrix: cooperation, CoOccurring: cooccurring },
    },
    paths: {
      '/api/health': {
        get: {
          summary: 'Liveness and corpus counts',
          responses: {
            '200': json({
              type: 'object',
              required: ['status', 'backend', 'documents', 'clauses', 'entities'],
              properties: { status: { const: 'ok' }, backend: { enum: ['embedded', 'neo4j'] }, documents: { type: 'integer' }, clauses: { type: 'integer' }, entities: { type: 'integer' } },
            }),
          },
        },
      },
      '/api/search': {
        get: {
          summary: 'Clause-level full-text search',
          parameters: [
            q('q', true, { type: 'string', minLength: 1, maxLength: 500, pattern: SEARCHABLE_QUERY }, 'space = AND, "…" phrase, A OR B, -term, field:value (region, institution, program, kind, year, issuer)'),
            q('limit', false, { oneOf: [{ type: 'integer', minimum: 1, maximum: 1000 }, { const: 'all' }] }, 'hits per page, or all'),
            q('offset', false, { type: 'integer', minimum: 0 }, 'hits to skip'),
          ],
          responses: {
            '200': json({
              type: 'object',
              required: ['total', 'hits', 'facets', 'tookMs'],
              properties: { total: { type: 'integer' }, hits: { type: 'array', items: hit }, facets: { type: 'object' }, tookMs: { type: 'number' } },
            }),
            ...errors,
          },
        },
      },
      '/api/auth': {
        post: {
          summary: 'Check an admin token (sign-in); changes nothing',
          security: [{ admin: [] }],
          responses: {
            '200': json({ type: 'object', required: ['admin'], properties: { admin: { const: true } } }),
            '401': { description: '需要管理令牌', ...json(error) },
            '403': { description: '写入已停用', ...json(error) },
          },
        },
      },
      '/api/documents': {
        get: { summary: 'All articles', responses: { '200': json({ type: 'object', required: ['documents'], properties: { documents: { type: 'array' } } }) } },
        post: {
          summary: 'Upload files (multipart field "files") and ingest them',
          security: [{ admin: [] }],
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: { type: 'object', required: ['files'], properties: { files: { type: 'array', minItems: 1, items: { type: 'string', format: 'binary' } } } },
              },
            },
          },
          responses: {
            '201': json({ type: 'object', required: ['files'], properties: { files: { type: 'array' } } }),
            '401': { description: '需要管理令牌', ...json(error) },
            '403': { description: '写入已停用', ...json(error) },
            '413': { description: '文件过大', ...json(error) },
            '422': { description: '所有文件都无法导入', ...json({ type: 'object' }) },
            ...errors,
          },
        },
      },
      '/api/documents/{id}': {
        get: { summary: 'One article: text, sections, clauses, entities, targets, relations', parameters: [path('id')], responses: { '200': json({ type: 'object' }), ...errors } },
        delete: {
          summary: 'Delete an article from corpus state, graph and index',
          security: [{ admin: [] }],
          parameters: [path('id')],
          responses: { '204': { description: '已删除' }, '401': { description: '需要管理令牌', ...json(error) }, '403': { description: '写入已停用', ...json(error) }, ...errors },
        },
      },
      '/api/documents/{id}/citations': {
        get: {
          summary: 'The policies an article cites, each with the articles of the corpus that hold its text (by title or 发文字号), and the articles citing this one',
          parameters: [path('id')],
          responses: { '200': json(citations), ...errors },
        },
      },
      '/api/entities': {
        get: {
          summary: 'Find entities by name',
          parameters: [
            q('q', false, { type: 'string', maxLength: 100 }, 'part of the name or an alias'),
            q('type', false, { enum: ENTITY_TYPE_NAMES }, 'entity type'),
            q('limit', false, { type: 'integer', minimum: 1, maximum: 500 }, 'most entities returned'),
          ],
          responses: { '200': json({ type: 'object', required: ['entities'], properties: { entities: { type: 'array' } } }), ...errors },
        },
      },
      '/api/entities/{id}': {
        get: { summary: 'Entity with its evidence clauses', parameters: [path('id')], responses: { '200': json({ type: 'object' }), ...errors } },
      },
      '/api/graph/neighborhood': {
        get: {
          summary: "An entity's neighbourhood",
          parameters: [
            q('entity', true, { type: 'string', minLength: 1 }, 'entity id, e.g. program:产教联合体'),
            q('depth', false, { type: 'integer', minimum: 1, maximum: 3 }, 'hops'),
            list('types', ENTITY_TYPE_NAMES, 'entity types to keep (comma-separated)'),
            list('relations', RELATION_NAMES, 'relation types to follow (comma-separated)'),
            q('limit', false, { type: 'integer', minimum: 1, maximum: 2000 }, 'most nodes'),
          ],
          responses: { '200': json(subgraph), ...errors },
        },
      },
      '/api/graph/path': {
        get: {
          summary: 'Shortest path between two entities',
          parameters: [q('from', true, { type: 'string', minLength: 1 }, 'entity id'), q('to', true, { type: 'string', minLength: 1 }, 'entity id')],
          responses: { '200': json(subgraph), ...errors },
        },
      },
      '/api/entities/{id}/cooccurring': {
        get: {
          summary: 'Entities that co-occur with an entity, strongest CO_OCCURS first',
          parameters: [path('id'), q('limit', false, { type: 'integer', minimum: 1, maximum: 500 }, 'most entities (default 20)')],
          responses: { '200': json(cooccurring), ...errors },
        },
      },
      '/api/graph/communities': {
        get: {
          summary: 'Louvain communities of a neighbourhood, or of the whole entity graph when it has at most 5000 nodes',
          parameters: [
            q('entity', false, { type: 'string' }, 'start entity; omitted or empty: the whole entity graph'),
            q('depth', false, { type: 'integer', minimum: 1, maximum: 3 }, 'hops of the neighbourhood (default 2)'),
            list('types', ENTITY_TYPE_NAMES, 'entity types to keep (comma-separated)'),
            list('relations', RELATION_NAMES, 'relation types to follow (comma-separated)'),
            q('limit', false, { type: 'integer', minimum: 1, maximum: 2000 }, 'most nodes of the neighbourhood (default 200)'),
          ],
          responses: { '200': json(communities), ...errors },
        },
      },
      '/api/graph/cooperation': {
        get: {
          summary: 'Region-pair cooperation matrix (COOPERATES_WITH; institutions placed by LOCATED_IN) with evidence clauses',
          parameters: [
            q('region', false, { type: 'string' }, 'only the pairs of this region id, e.g. region:重庆'),
            q('evidenceLimit', false, { type: 'integer', minimum: 0, maximum: 50 }, 'evidence clauses per pair (default 5)'),
          ],
          responses: { '200': json(cooperation), ...errors },
        },
      },
      '/api/graph/export': {
        get: {
          summary: 'The entity graph, or a neighbourhood, as GraphML or as a zip of neo4j-admin import CSV (nodes.csv, edges.csv)',
          parameters: [
            q('format', false, { enum: ['graphml', 'csv'] }, 'graphml (default) or csv'),
            q('entity', false, { type: 'string' }, 'start entity of a neighbourhood; omitted or empty: the whole entity graph'),
            q('depth', false, { type: 'integer', minimum: 1, maximum: 3 }, 'hops of the neighbourhood (default 1)'),
            list('types', ENTITY_TYPE_NAMES, 'entity types to keep (comma-separated)'),
            list('relations', RELATION_NAMES, 'relation types to keep (comma-separated)'),
            q('limit', false, { type: 'integer', minimum: 1, maximum: 5000 }, 'most nodes of the neighbourhood (default 200)'),
          ],
          responses: {
            '200': {
              description: 'attachment',
              content: {
                'application/graphml+xml': { schema: { type: 'string' } },
                'application/zip': { schema: { type: 'string', format: 'binary' } },
              },
            },
            ...errors,
          },
        },
      },
      '/api/dictionary': {
        get: {
          summary: 'Words librarians added to the segmenter',
          responses: { '200': json({ type: 'object', required: ['words'], properties: { words: { type: 'array', items: DICTIONARY_WORD } } }) },
        },
        post: {
          summary: 'Add words to the segmenter for documents ingested from now on',
          security: [{ admin: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['words'],
                  properties: {
                    words: {
                      type: 'array',
                      minItems: 1,
                      maxItems: 1000,
                      items: {
                        type: 'object',
                        required: ['word'],
                        properties: {
                          // letters, digits, marks, · - + & and brackets (a Unicode-class pattern, checked by the server)
                          word: { type: 'string', minLength: 1, maxLength: 40 },
                          frequency: { type: 'integer', minimum: 1, maximum: 10000000 },
                          tag: { type: 'string', pattern: '^[a-z]{1,4}$' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          responses: {
            '201': json({ type: 'object', required: ['added', 'total'], properties: { added: { type: 'integer' }, total: { type: 'integer' } } }),
            '401': { description: '需要管理令牌', ...json(error) },
            '403': { description: '写入已停用', ...json(error) },
            ...errors,
          },
        },
      },
      '/api/openapi.json': { get: { summary: 'This document', responses: { '200': json({ type: 'object' }) } } },
    },
  };
}
