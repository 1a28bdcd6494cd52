// Property tests: any well-nested sequence of writer operations reads back as written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatafileReader, DatafileWriter, eddsaPublicKey } from '../src/index';
import type { DatafileRecord } from '../src/index';

type Node =
  | { kind: 'rec'; tag: string; value: Uint8Array; compress: boolean }
  | { kind: 'col'; id: number; type: number; data: Uint8Array; children: Node[]; endData: Uint8Array }
  | { kind: 'sub'; name: string; compress: boolean; children: Node[] }
  | { kind: 'sig'; seed: Uint8Array; includeStart: boolean; children: Node[] };

const STRUCTURAL = new Set(['END', 'CLS', 'CLE', 'SUB', 'SGS', 'SGE']);
const tagArb = fc.oneof(
  fc.constantFrom('HDR', 'IDX', 'MJS', 'AJS', 'ABN', 'UJS', 'UBN', 'CJS', 'USB', 'ENC'),
  fc
    .array(fc.integer({ min: 0x20, max: 0x7e }), { minLength: 3, maxLength: 3 })
    .map((codes) => String.fromCharCode(...codes))
    .filter((t) => !STRUCTURAL.has(t)),
);
const valueArb = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.tuple(fc.nat(255), fc.nat(3000)).map(([b, n]) => new Uint8Array(n).fill(b)),
  fc.string({ maxLength: 100 }).map((s) => new TextEncoder().encode(s)),
);
const nameArb = fc.string({ maxLength: 40 }).filter((s) => !s.includes('\u0000') && new TextEncoder().encode(s).length <= 127);

function nodes(depth: number, inSig: boolean): fc.Arbitrary<Node[]> {
  const rec: fc.Arbitrary<Node> = fc.record({ kind: fc.constant('rec' as const), tag: tagArb, value: valueArb, compress: fc.boolean() });
  if (depth <= 0) return fc.array(rec, { maxLength: 4 });
  const inner = nodes(depth - 1, inSig);
  const options: fc.Arbitrary<Node>[] = [
    rec,
    fc.record({
      kind: fc.constant('col' as const),
      id: fc.integer({ min: 0, max: 0xffff }),
      type: fc.constantFrom(0, 1, 2),
      data: fc.uint8Array({ maxLength: 20 }),
      children: inner,
      endData: fc.uint8Array({ maxLength: 20 }),
    }),
    fc.record({ kind: fc.constant('sub' as const), name: nameArb, compress: fc.boolean(), children: nodes(depth - 1, false) }),
  ];
  if (!inSig) {
    options.push(
      fc.record({
        kind: fc.constant('sig' as const),
        seed: fc.uint8Array({ minLength: 32, maxLength: 32 }),
        includeStart: fc.boolean(),
        children: nodes(depth - 1, true),
      }),
    );
  }
  return fc.array(fc.oneof({ weight: 3, arbitrary: options[0] }, ...options.slice(1).map((a) => ({ weight: 1, arbitrary: a }))), { maxLength: 4 });
}

function write(w: DatafileWriter, list: Node[]): void {
  for (const n of list) {
    if (n.kind === 'rec') w.append(n.tag, n.value, { compress: n.compress });
    else if (n.kind === 'col') {
      w.collectionStart(n.id, n.type, n.data);
      write(w, n.children);
      w.collectionEnd(n.endData);
    } else if (n.kind === 'sub') w.subfileAppend(n.name, build(n.children), { compress: n.compress });
    else {
      w.signatureStart(n.seed, { includeStart: n.includeStart });
      write(w, n.children);
      w.signatureEnd();
    }
  }
}

function build(list: Node[], openTail = 0): Uint8Array {
  const w = new DatafileWriter();
  write(w, list);
  for (let i = 0; i < openTail; i++) w.collectionStart(100 + i); // left for finalize() to end
  return w.finalize();
}

/** Checks the records read against the tree, recursing into subfiles; returns records consumed. */
function check(recs: DatafileRecord[], at: number, list: Node[], depth: number): number {
  for (const n of list) {
    const r = recs[at++];
    expect(r.depth).toBe(depth);
    if (n.kind === 'rec') {
      expect(r.tag).toBe(n.tag);
      expect(r.value).toEqual(n.value);
      expect(r.flags === 0x80).toBe(r.length < n.value.length);
      if (!n.compress) expect(r.flags).toBe(0);
    } else if (n.kind === 'col') {
      expect(r.tag).toBe('CLS');
      expect(r.collection).toMatchObject({ id: n.id, type: n.type, data: n.data });
      at = check(recs, at, n.children, depth + 1);
      const end = recs[at++];
      expect(end.tag).toBe('CLE');
      expect(end.depth).toBe(depth);
      expect(end.value).toEqual(n.endData);
      expect(r.collection?.endPosition).toBe(end.offset);
    } else if (n.kind === 'sub') {
      expect(r.tag).toBe('SUB');
      expect(r.subfile?.name).toBe(n.name);
      const inner = [...new DatafileReader(r.subfile?.data ?? new Uint8Array(0))];
      expect(check(inner, 0, n.children, 0)).toBe(inner.length - 1);
      expect(inner.at(-1)?.tag).toBe('END');
    } else {
      expect(r.tag).toBe('SGS');
      expect(r.signatureStart?.publicKey).toEqual(eddsaPublicKey(n.seed));
      expect(r.signatureStart?.flags).toBe(n.includeStart ? 1 : 0);
      at = check(recs, at, n.children, depth);
      const end = recs[at++];
      expect(end.tag).toBe('SGE');
      expect(end.signature).toMatchObject({ status: 'verified', start: r.offset, messageStart: n.includeStart ? r.offset : r.offset + r.size });
    }
  }
  return at;
}

describe('datafile writer → reader round trip (property)', () => {
  it('reads back every record, collection, subfile and signature as written', () => {
    fc.assert(
      fc.property(nodes(3, false), fc.nat(3), (tree, openTail) => {
        const bytes = build(tree, openTail);
        const reader = new DatafileReader(bytes);
        expect(reader.headerLength).toBe(bytes.length);
        const recs = [...reader];
        expect(reader.ended).toBe(true);
        let at = check(recs, 0, tree, 0);
        for (let i = 0; i < openTail; i++) expect(recs[at++].tag).toBe('CLS');
        for (let i = openTail - 1; i >= 0; i--) expect(recs[at++]).toMatchObject({ tag: 'CLE', depth: i });
        expect(recs[at++].tag).toBe('END');
        expect(at).toBe(recs.length);
        // Records tile the file exactly, 8-byte aligned.
        let pos = 32;
        for (const r of recs) {
          expect(r.offset).toBe(pos);
          pos += r.size;
        }
        expect(pos).toBe(bytes.length);
      }),
      { numRuns: 80 },
    );
  });

  it('skip() visits exactly the top-level records', () => {
    fc.assert(
      fc.property(nodes(3, false), (tree) => {
        const bytes = build(tree);
        const reader = new DatafileReader(bytes);
        const top: string[] = [];
        for (let r = reader.skip(); r; r = reader.skip()) top.push(r.tag);
        // A skipped CLS hides its collection; a signature's SGS/children/SGE stay at top level.
        const expected = (list: Node[]): string[] =>
          list.flatMap((n) =>
            n.kind === 'rec' ? [n.tag] : n.kind === 'col' ? ['CLS'] : n.kind === 'sub' ? ['SUB'] : ['SGS', ...expected(n.children), 'SGE'],
          );
        expect(top).toEqual([...expected(tree), 'END']);
      }),
      { numRuns: 60 },
    );
  });
});
