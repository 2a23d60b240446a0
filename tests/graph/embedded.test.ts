import { describe, expect, it } from 'vitest';
import { openGraphStore } from '../../graph/index.js';
import { CQ_EDU } from './fixtures.js';
import { runGraphStoreContract } from './graph-store.contract.js';

runGraphStoreContract({
  name: 'embedded (graphology)',
  create: () => openGraphStore({ backend: 'embedded' }),
});

describe('embedded store', () => {
  it('is closed after close()', async () => {
    const store = await openGraphStore({ backend: 'embedded' });
    await store.close();
    await expect(store.node(CQ_EDU)).rejects.toMatchObject({ code: 'graph_unavailable' });
  });
});
