export {
  ClauseIndex,
  DEFAULT_SEARCH_LIMIT,
  FACET_VALUES_LIMIT,
  INDEX_FILE,
  type SearchHit,
  type SearchResult,
  type SearchOptions,
  type Facets,
  type EntityRef,
  type LoadReport,
} from './clause-index.js';
export { parseQuery, FILTER_FIELDS, MAX_QUERY_CHARS, type ParsedQuery, type Filter, type FilterField } from './query.js';
export { QueryError } from './errors.js';
