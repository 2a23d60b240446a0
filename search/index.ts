export { ClauseIndex, DEFAULT_SEARCH_LIMIT, type SearchHit, type SearchResult, type SearchOptions, type Facets, type EntityRef } from './clause-index.js';
export { parseQuery, FILTER_FIELDS, type ParsedQuery, type FilterField } from './query.js';
export { QueryError } from './errors.js';
