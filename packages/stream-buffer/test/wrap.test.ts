import { describe, expect, it } from 'vitest';
import { StreamBuffer } from '../src/index';
import { bruteStats, expectRow } from './_brute';
import { generatePackets } from './_packets';

describe('long streams', () => {
  it('follows the 16-bit packet index through its wrap with no false gap', () => {
    const packets = 66_000; // past index 0xFFFF
    const bytes = generatePackets({ packets, seed: 17, switchEvery: 1500, offProb: 0.02 });
    const b = new StreamBuffer(0.02, [20, 10, 10]);
    const updates: number[] = [];
    b.callback = (u) => updates.push(u.time.sampleRange[0]);
    for (let at = 0; at < bytes.length; at += 256 * 512) {
      b.insert(bytes.subarray(at, at + 256 * 512));
      b.process();
    }
    const st = b.status();
    expect(st.deviceSampleId).toBe(packets * 126);
    expect(st.sampleMissingCount).toBe(0);
    expect(st.skipCount).toBe(0);
    expect(st.contiguousCount).toBe(packets * 126);
    expect(updates.length).toBe(Math.floor(st.sampleId / 2000));
    expect(updates.every((s, n) => s === n * 2000)).toBe(true);
    // The ring wrapped about 200 times; queries still match the samples.
    const [lo, hi] = b.sampleIdRange;
    for (const [x, y] of [[lo, hi], [lo + 17, hi - 3], [hi - 5001, hi - 17]]) {
      expectRow(b.statisticsGet(x, y).stats, 0, bruteStats(b, x, y), `[${String(x)}, ${String(y)})`);
    }
    const rows = b.dataGet(lo, hi, 4000);
    expectRow(rows, 3, bruteStats(b, lo + 3 * 4000, lo + 4 * 4000), 'dataGet row 3');
  });

  it('fills a first packet index other than 0 with missing samples, as the reference', () => {
    const b = new StreamBuffer(0.05, [20, 10]);
    b.insert(generatePackets({ packets: 10, seed: 3, firstIndex: 5 }));
    b.process();
    expect(b.status().deviceSampleId).toBe(15 * 126);
    expect(b.status().sampleMissingCount).toBe(5 * 126);
    const { stats } = b.statisticsGet(0, 5 * 126);
    expect(stats.count[0]).toBe(0);
  });
});
