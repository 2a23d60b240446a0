import { describe, expect, it } from 'vitest';
import * as graph from '../../graph/index.js';

describe('graph/index.ts', () => {
  it('exports exactly the public API', () => {
    expect(Object.keys(graph).sort()).toEqual(
      [
        'EDGE_TYPES',
        'ENTITY_EDGE_TYPES',
        'GraphError',
        'GraphTooLargeError',
        'NODE_LABELS',
        'UnsupportedQueryError',
        'documentGraph',
        'graphToGraphML',
        'graphToNeo4jCsv',
        'graphToNeo4jCsvZip',
        'openGraphStore',
      ].sort(),
    );
  });

  it('opens an in-memory embedded store without a dataDir', async () => {
    const store = await graph.openGraphStore({ backend: 'embedded' });
    expect(store.backend).toBe('embedded');
    await store.close();
  });
});
