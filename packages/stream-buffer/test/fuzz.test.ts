import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamBuffer } from '../src/index';
import { bruteStats, expectRow } from './_brute';
import { generatePackets } from './_packets';

// Mutated packet streams: flipped header and payload bytes, cut, duplicated and reordered
// packets, any chunking. Nothing may throw, counters stay consistent, and statistics still
// equal a brute-force pass over what was buffered.
const base = generatePackets({ packets: 24, seed: 21, switchEvery: 60, offProb: 0.1 });

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(base.length - 1), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('header' as const), packet: fc.nat(23), byte: fc.nat(7), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(base.length - 1), length: fc.integer({ min: 1, max: 700 }) }),
  fc.record({ kind: fc.constant('repeat' as const), packet: fc.nat(23) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(mutations: Mutation[]): Uint8Array {
  let bytes = Uint8Array.from(base);
  for (const m of mutations) {
    if (m.kind === 'flip') bytes[m.at % bytes.length] = m.value;
    else if (m.kind === 'header') {
      const at = m.packet * 512 + m.byte;
      if (at < bytes.length) bytes[at] = m.value;
    } else if (m.kind === 'cut') {
      const at = m.at % bytes.length;
      bytes = Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(Math.min(bytes.length, at + m.length))]);
      if (bytes.length === 0) bytes = Uint8Array.from(base.subarray(0, 512));
    } else {
      const at = (m.packet * 512) % bytes.length;
      const p = bytes.subarray(at, at + 512);
      bytes = Uint8Array.from([...bytes, ...p]);
    }
  }
  return bytes;
}

describe('fuzzed USB streams', () => {
  it('never throws and keeps every query consistent', () => {
    fc.assert(
      fc.property(
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('interp_1_n_1', 'mean_2_3_1', 'nan_0_n_0', 'off'),
        (mutations, chunks, mode) => {
          const bytes = mutate(mutations);
          const b = new StreamBuffer(0.004, [10, 5]);
          b.suppressMode = mode;
          let at = 0;
          for (let c = 0; at < bytes.length; c++) {
            const n = chunks[c % chunks.length];
            b.insert(bytes.subarray(at, at + n));
            b.process();
            at += n;
          }
          const st = b.status();
          expect(st.deviceSampleId % 126).toBe(0);
          expect(st.sampleId).toBeLessThanOrEqual(st.deviceSampleId);
          expect(st.deviceSampleId - st.sampleId).toBeLessThan(64);
          expect(st.sampleMissingCount).toBeLessThanOrEqual(st.deviceSampleId);
          const [lo, hi] = b.sampleIdRange;
          expectRow(b.statisticsGet(lo, hi).stats, 0, bruteStats(b, lo, hi), 'whole buffer');
          const mid = lo + ((hi - lo) >> 1);
          expectRow(b.statisticsGet(lo + 3, mid).stats, 0, bruteStats(b, lo + 3, mid), 'part');
          expect(b.dataGet(lo, hi, 50).rows).toBe(hi > lo ? Math.floor((hi - lo) / 50) : 0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
