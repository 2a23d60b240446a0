import { describe, expect, it } from 'vitest';
import { openGraphStore } from '../../graph/index.js';
import { CQ_EDU } from './fixtures.js';
import { runGraphStoreContract } from './graph-store.contract.js';

runGraphStoreContract({
  name: 'embedded',
  create: () => openGraphStore({ backend: 'embedded' }),
});

describe('embedded store', () => {
  it("keeps a document's mentions of a node that another document rewrites as an entity", async () => {
    const store = await openGraphStore({ backend: 'embedded' });
    const clause = (id: string, docId: string) => ({ id, label: 'Clause', props: { docId } });
    const entity = { id: 'doc-x#2', label: 'Entity', props: { type: 'region', name: '甲' } };
    await store.writeDocument({
      docId: 'doc-x',
      nodes: [clause('doc-x#1', 'doc-x'), clause('doc-x#2', 'doc-x')],
      edges: [{ type: 'MENTIONS', from: 'doc-x#1', to: 'doc-x#2', props: { docId: 'doc-x', start: 0, end: 1 } }],
    });
    await store.writeDocument({
      docId: 'doc-y',
      nodes: [clause('doc-y#1', 'doc-y'), entity],
      edges: [{ type: 'MENTIONS', from: 'doc-y#1', to: 'doc-x#2', props: { docId: 'doc-y', start: 5, end: 6 } }],
    });
    expect(await store.entity('doc-x#2')).toMatchObject({ mentionCount: 2, documentIds: ['doc-x', 'doc-y'] });
    await store.deleteDocument('doc-y');
    expect(await store.entity('doc-x#2')).toMatchObject({ mentionCount: 1, documentIds: ['doc-x'] });
    expect(await store.counts()).toEqual({ nodes: 2, edges: 1, documents: 0, entities: 1 });
  });

  it('keeps an entity that a later graph of the same write points to when an earlier one drops it', async () => {
    const store = await openGraphStore({ backend: 'embedded' });
    const doc = (id: string) => ({ id, label: 'Document', props: { docId: id } });
    const agency = { id: 'institution:教育部', label: 'Entity', props: { type: 'institution', name: '教育部' } };
    await store.writeDocument({ docId: 'd0', nodes: [doc('d0'), agency], edges: [{ type: 'ISSUED_BY', from: 'd0', to: agency.id, props: { docId: 'd0' } }] });
    await store.writeDocuments([
      { docId: 'd0', nodes: [doc('d0')], edges: [] },
      { docId: 'd2', nodes: [doc('d2')], edges: [{ type: 'ISSUED_BY', from: 'd2', to: agency.id, props: { docId: 'd2' } }] },
    ]);
    expect(await store.entity(agency.id)).toMatchObject({ documentIds: ['d2'] });
    expect(await store.counts()).toEqual({ nodes: 3, edges: 1, documents: 2, entities: 1 });
    await store.deleteDocument('d2');
    expect(await store.node(agency.id)).toBeNull();
  });

  it('is closed after close()', async () => {
    const store = await openGraphStore({ backend: 'embedded' });
    await store.close();
    await expect(store.node(CQ_EDU)).rejects.toMatchObject({ code: 'graph_unavailable' });
  });
});
