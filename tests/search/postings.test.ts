import { describe, expect, it } from 'vitest';
import { Arena } from '../../search/internal/arena.js';
import { POSITION_UNKNOWN, PostingStore } from '../../search/internal/postings.js';

/** A seeded generator, so that a failure can be replayed. */
function randomOf(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('PostingStore', () => {
  it('reads every key back as added, across merges of the tail into the compact part', () => {
    const random = randomOf(7);
    const store = new PostingStore();
    const expected = new Map<number, [number, number, number][]>();
    // Keys from a few ranges, so that merges meet runs of keys only the compact part has,
    // keys only the tail has, and keys in both.
    const keyOf = () => [0x4e00_4e01, 0x4e00_5000, 0x6210_6211][Math.floor(random() * 3)]! + Math.floor(random() * 400);
    for (let ord = 0; ord < 3000; ord++) {
      const keys = [...new Set(Array.from({ length: 1 + Math.floor(random() * 12) }, keyOf))];
      const pays = keys.map(() => [0xc9, 0x01, 0x41, 0x13][Math.floor(random() * 4)]!);
      const poss = keys.map(() => Math.floor(random() * 300));
      store.add(ord, keys, pays, poss, keys.length);
      for (const [i, key] of keys.entries()) {
        if (!expected.has(key)) expected.set(key, []);
        expected.get(key)!.push([ord, pays[i]!, Math.min(poss[i]!, POSITION_UNKNOWN)]);
      }
      if (ord % 700 === 699) store.compact();
    }
    const arena = new Arena();
    for (const [key, postings] of expected) {
      const list = store.list(key, arena);
      const got = Array.from({ length: list.length }, (_, i) => [list.ords[i], list.pays[i], list.poss[i]]);
      expect(got, `key ${key.toString(16)}`).toEqual(postings);
      expect(store.count(key)).toBe(postings.length);
    }
    expect(store.list(0x0041_0042, arena).length).toBe(0);
  });
});
