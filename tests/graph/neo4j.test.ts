/**
 * The contract on a real Neo4j: the one tests/setup/neo4j-global-setup.ts started (or
 * NEO4J_URI). Without one the suite is skipped loudly, and with REQUIRE_NEO4J=1 it fails.
 */
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { documentGraph, GraphError, openGraphStore, type GraphStore } from '../../graph/index.js';
import { DOC_A, DOC_B, DOC_C, INJECTION_DOC, recordA, recordB } from './fixtures.js';
import { runGraphStoreContract } from './graph-store.contract.js';

const server = inject('neo4j');
const unavailable = inject('neo4jUnavailable');

if (!server) {
  if (process.env.REQUIRE_NEO4J === '1') {
    describe('Neo4j backend', () => {
      it('has a Neo4j to test against (REQUIRE_NEO4J=1)', () => {
        expect.fail(`REQUIRE_NEO4J=1 but no Neo4j was provided: ${unavailable}`);
      });
    });
  } else {
    console.warn(`\n!!!!!!!! Neo4j contract tests SKIPPED: ${unavailable} !!!!!!!!\n`);
    describe.skip(`Neo4j backend (skipped: ${unavailable})`, () => {
      it('runs the GraphStore contract', () => {});
    });
  }
} else {
  const { uri, user, password } = server;
  const admin = neo4j.driver(uri, neo4j.auth.basic(user, password));
  const fixtureDocs = [DOC_A, DOC_B, DOC_C, INJECTION_DOC];

  /** Refuses to wipe a database that holds anything but this suite's fixtures. */
  const wipe = async () => {
    if (!server.launched) {
      const { records } = await admin.executeQuery(
        'MATCH (n) WHERE NOT n:KgNode OR (n:Document AND NOT n.id IN $fixtureDocs) RETURN count(n) AS foreign',
        { fixtureDocs },
      );
      const foreign = records[0]!.get('foreign').toNumber();
      if (foreign > 0) {
        throw new Error(`The Neo4j at ${uri} holds ${foreign} nodes that are not test fixtures; point NEO4J_URI at an empty test database.`);
      }
    }
    await admin.executeQuery('MATCH (n) DETACH DELETE n');
  };

  afterAll(async () => {
    await admin.close();
  });

  runGraphStoreContract({
    name: `neo4j (${uri})`,
    create: async () => {
      await wipe();
      return openGraphStore({ backend: 'neo4j', uri, user, password });
    },
  });

  describe('Neo4j backend specifics', () => {
    let store: GraphStore;
    beforeAll(async () => {
      await wipe();
      store = await openGraphStore({ backend: 'neo4j', uri, user, password });
    });
    afterAll(async () => {
      await store?.close();
    });

    it('creates the KgNode id constraint and stores labels, integers and the entity type', async () => {
      await store.writeDocument(documentGraph(recordA));
      const { records: constraints } = await admin.executeQuery('SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties RETURN *');
      expect(constraints.map((r) => r.toObject())).toContainEqual({ name: 'kg_node_id', labelsOrTypes: ['KgNode'], properties: ['id'] });
      const { records } = await admin.executeQuery(
        `MATCH (c:KgNode:Clause {id: $clause})-[m:MENTIONS]->(e:KgNode:Entity {id: 'region:重庆'})
         RETURN labels(c) AS labels, valueType(m.start) AS startType, e.type AS type ORDER BY m.start LIMIT 1`,
        { clause: `${DOC_A}#1` },
      );
      expect(records[0]!.toObject()).toEqual({ labels: expect.arrayContaining(['KgNode', 'Clause']), startType: 'INTEGER NOT NULL', type: 'region' });
    });

    it('writes an edge to a node of a document that a later statement creates', async () => {
      await wipe();
      // One document per statement: B's edge to A's document waits until A's statement ran.
      const oneDocPerStatement = await openGraphStore({ backend: 'neo4j', uri, user, password, batching: { statementRows: 1 } });
      try {
        const b = documentGraph(recordB);
        b.edges.push({ type: 'CITES', from: DOC_B, to: DOC_A, props: { docId: DOC_B } });
        await oneDocPerStatement.writeDocuments([b, documentGraph(recordA)]);
        const { records } = await admin.executeQuery('MATCH (:Document {id: $from})-[r:CITES]->(:Document {id: $to}) RETURN count(r) AS n', { from: DOC_B, to: DOC_A });
        expect(records[0]!.get('n').toNumber()).toBe(1);
        expect(await oneDocPerStatement.counts()).toEqual({ nodes: 17, edges: 34, documents: 2, entities: 8 });
      } finally {
        await oneDocPerStatement.close();
      }
    });

    it('names the URI when Neo4j cannot be reached', async () => {
      const error = await openGraphStore({ backend: 'neo4j', uri: 'bolt://127.0.0.1:1', user: 'neo4j', password: 'x' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GraphError);
      expect(error).toMatchObject({ code: 'graph_unavailable', status: 503 });
      expect((error as Error).message).toContain('Cannot reach Neo4j at bolt://127.0.0.1:1');
    });

    it('rejects a URI that is not a Neo4j URI', async () => {
      await expect(openGraphStore({ backend: 'neo4j', uri: 'http://127.0.0.1:7474', user: 'neo4j', password: 'x' })).rejects.toMatchObject({
        code: 'graph_unavailable',
      });
    });
  });
}
