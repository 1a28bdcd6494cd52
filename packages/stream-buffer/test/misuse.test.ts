// Misuse and hostile input (issue 8, StreamBuffer items 1 to 8): every refused call throws a
// typed error in the package's words and leaves status, ranges, statistics and the newest
// samples as they were.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawSampleWord } from '@joulescope/codec';
import { StatsArray } from '@joulescope/stats';
import { StreamBuffer, StreamBufferBusyError } from '../src/index';
import type { StatisticsUpdate } from '../src/index';
import { bruteStats, expectRow } from './_brute';
import { CALIBRATION as CAL } from './_calibration';
import { generatePackets, generateSamples } from './_packets';
import { snapshot } from './_snapshot';

function rawWords(words: Uint32Array): Uint16Array {
  return new Uint16Array(words.buffer, words.byteOffset, words.length * 2);
}

function calibrated(b: StreamBuffer): StreamBuffer {
  b.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain);
  return b;
}

/** A buffer that wrapped its ring, with a callback-capable pyramid. */
function streamed(): StreamBuffer {
  const b = calibrated(new StreamBuffer(0.005, [20, 10]));
  b.insert(generatePackets({ packets: 200, seed: 3, switchEvery: 700, drop: [50] }));
  b.process();
  return b;
}

/** Expects `call` to throw `type` (and the message to match), changing nothing. */
function refused(b: StreamBuffer, call: () => unknown, type: new (...args: never[]) => Error, message?: RegExp): void {
  const before = snapshot(b);
  let error: unknown;
  try {
    call();
  } catch (e) {
    error = e;
  }
  expect(error, 'the call throws').toBeInstanceOf(type);
  if (message !== undefined) expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toMatch(/Cannot read|Cannot set|undefined|Invalid typed array/);
  expect(snapshot(b)).toEqual(before);
}

describe('a statistics callback that throws or re-enters (item 1)', () => {
  const bytes = generatePackets({ packets: 120, seed: 5, switchEvery: 400 });

  function run(callback: (b: StreamBuffer, u: StatisticsUpdate) => void): { b: StreamBuffer; errors: unknown[] } {
    const b = new StreamBuffer(0.01, [20, 10]);
    b.callback = (u) => callback(b, u);
    const errors: unknown[] = [];
    for (let at = 0; at < bytes.length; at += 3000) {
      b.insert(bytes.subarray(at, at + 3000));
      try {
        b.process();
      } catch (e) {
        errors.push(e);
      }
    }
    return { b, errors };
  }

  const plain = run(() => undefined).b;

  it('processes everything, then rethrows the callback error as thrown', () => {
    const boom = new Error('boom');
    let calls = 0;
    const { b, errors } = run(() => {
      calls++;
      if (calls % 3 === 1) throw boom;
    });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e === boom)).toBe(true);
    expect(b.status()).toEqual(plain.status());
    expect(b.sampleIdRange).toEqual(plain.sampleIdRange);
    const [lo, hi] = b.sampleIdRange;
    expect(b.samplesGet(lo, hi, 'raw')).toEqual(plain.samplesGet(lo, hi, 'raw'));
    expect(b.statisticsGet(lo, hi).stats).toEqual(plain.statisticsGet(lo, hi).stats);
  });

  it('refuses process(), reset(), insert() and settings from the callback with a typed error', () => {
    const seen: unknown[] = [];
    const { b, errors } = run((buffer, u) => {
      for (const call of [
        () => buffer.process(),
        () => buffer.reset(),
        () => buffer.insert(bytes.subarray(0, 512)),
        () => buffer.insertRaw(new Uint16Array(2)),
        () => buffer.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain),
        () => (buffer.suppressMode = 'off'),
        () => (buffer.voltageRange = 1),
      ]) {
        try {
          call();
        } catch (e) {
          seen.push(e);
        }
      }
      // Queries are allowed, and see the entry just completed.
      expect(buffer.statisticsGet(u.time.sampleRange[0], u.time.sampleRange[1]).stats.count[0]).toBe(u.time.samples);
      buffer.reset(); // uncaught: rethrown by process() once everything is processed
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((e) => e instanceof StreamBufferBusyError)).toBe(true);
    expect((seen[0] as Error).message).toMatch(/process cannot be called from the statistics callback/);
    expect(errors.every((e) => e instanceof StreamBufferBusyError)).toBe(true);
    expect(b.status()).toEqual(plain.status());
    expect(b.suppressMode).toBe(plain.suppressMode);
    expect(b.status().sampleId).toBeLessThanOrEqual(b.status().deviceSampleId);
  });
});

describe('queries check before they allocate (item 2)', () => {
  it('refuses results larger than the ring can fill, fast and with its own words', () => {
    const empty = new StreamBuffer(1, [200, 100]);
    refused(empty, () => empty.dataGet(0, 1e8, 1), RangeError, /fills at most 2000001 rows/);
    const b = streamed();
    const [, hi] = b.sampleIdRange;
    refused(b, () => b.dataGet(hi - 10, hi + 2e7, 1), RangeError, /rows/);
    refused(b, () => b.dataGet(0, 2 ** 52, 1), RangeError, /rows/);
    refused(b, () => b.dataGet(-(2 ** 52), 2 ** 52, 3), RangeError, /rows/);
    expect(b.dataGet(hi - b.length - 1, hi, 1).rows).toBe(b.length + 1); // the largest result allowed
  });

  it('returns results no larger than what is held', () => {
    const b = streamed();
    const [lo, hi] = b.sampleIdRange;
    fc.assert(
      fc.property(fc.integer({ min: -1e7, max: 1e7 }), fc.integer({ min: 0, max: 3e4 }), (x, span) => {
        const r = b.samplesGet(lo + x, lo + x + span, 'current');
        expect(r.length).toBeLessThanOrEqual(hi - lo);
        expect(b.getReduction(0, lo + x, lo + x + span).rows).toBeLessThanOrEqual(b.length / 20);
      }),
    );
  });
});

describe('samplesGet returns only samples held (item 3)', () => {
  it('constrains to the held range and says so', () => {
    const b = streamed();
    const [lo, hi] = b.sampleIdRange;
    const all = b.samplesGet(lo, hi, ['current', 'raw', 'bits']);
    fc.assert(
      fc.property(fc.integer({ min: lo - 20000, max: hi + 20000 }), fc.integer({ min: 0, max: 30000 }), (x, span) => {
        const r = b.samplesGet(x, x + span, ['current', 'raw', 'bits']);
        const [a, z] = r.time.sampleIdRange;
        expect(a).toBeGreaterThanOrEqual(lo);
        expect(z).toBeLessThanOrEqual(hi);
        expect(z - a).toBe(Math.max(0, Math.min(x + span, hi) - Math.max(x, lo)));
        expect(r.time.samples).toBe(z - a);
        expect(Array.from(r.signals.bits.value)).toEqual(Array.from(all.signals.bits.value.subarray(a - lo, z - lo)));
        expect(Array.from(r.signals.raw.value)).toEqual(Array.from(all.signals.raw.value.subarray(2 * (a - lo), 2 * (z - lo))));
        expect(b.samplesGet(x, x + span, 'current').length).toBe(z - a);
      }),
    );
  });

  it('returns nothing from an empty or reset buffer, and nothing newer than the newest', () => {
    const b = streamed();
    const [, hi] = b.sampleIdRange;
    expect(b.samplesGet(hi, hi + 100, 'current').length).toBe(0);
    b.reset();
    expect(b.samplesGet(0, 100, 'current').length).toBe(0);
    expect(b.samplesGet(hi - 100, hi).time.sampleIdRange).toEqual([0, 0]);
    const fresh = new StreamBuffer(0.01, [10]);
    expect(fresh.samplesGet(0, 1000, 'raw').length).toBe(0);
  });

  it('samplesInto copies the held samples only, without allocating', () => {
    const b = streamed();
    const [lo, hi] = b.sampleIdRange;
    const current = new Float32Array(100);
    const bits = new Uint8Array(100);
    expect(b.samplesInto(lo - 50, lo + 30, { current, bits }, 10)).toBe(30);
    expect(Array.from(current.subarray(10, 40))).toEqual(Array.from(b.samplesGet(lo, lo + 30, 'current')));
    expect(Array.from(bits.subarray(10, 40))).toEqual(Array.from(b.samplesGet(lo, lo + 30, 'bits')));
    expect(b.samplesInto(hi - 500, hi, { current })).toBe(100); // as many as fit
    expect(b.samplesInto(hi, hi + 5, { current })).toBe(0);
    refused(b, () => b.samplesInto(lo, hi, {}), TypeError, /at least one of/);
    refused(b, () => b.samplesInto(lo, hi, { current: new Float64Array(3) as unknown as Float32Array }), TypeError, /Float32Array/);
    refused(b, () => b.samplesInto(lo, hi, { current }, 101), RangeError, /offset/);
    refused(b, () => b.samplesInto(lo, hi, null as unknown as { current: Float32Array }), TypeError);
  });
});

describe('calibration (item 4)', () => {
  it('refuses non-finite or float32-overflowing values, changing nothing', () => {
    const b = streamed();
    const bad: [string, () => void][] = [
      ['NaN gain', () => b.calibrationSet(CAL.currentOffset, [NaN, 1, 1, 1, 1, 1, 1], CAL.voltageOffset, CAL.voltageGain)],
      ['infinite offset', () => b.calibrationSet([Infinity, 0, 0, 0, 0, 0, 0], CAL.currentGain, CAL.voltageOffset, CAL.voltageGain)],
      ['float32 overflow', () => b.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, [1e39, 1])],
      ['too short', () => b.calibrationSet(CAL.currentOffset, CAL.currentGain, [0], CAL.voltageGain)],
    ];
    for (const [what, call] of bad) {
      const before = snapshot(b);
      expect(call, what).toThrow(RangeError);
      expect(snapshot(b), what).toEqual(before);
    }
    refused(b, () => b.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, 'x' as unknown as number[]), TypeError);
    // Samples processed after the refused calls still use the calibration set before.
    const twin = streamed();
    const more = generatePackets({ packets: 30, seed: 4, firstIndex: 200 });
    for (const x of [b, twin]) {
      x.insert(more);
      x.process();
    }
    const [, hi] = b.sampleIdRange;
    expect(b.samplesGet(hi - 1000, hi, 'current')).toEqual(twin.samplesGet(hi - 1000, hi, 'current'));
  });

  it('says when it was never calibrated', () => {
    const b = new StreamBuffer(0.01, [10]);
    expect(b.calibrated).toBe(false);
    expect(b.status().calibrated).toBe(false);
    calibrated(b);
    expect(b.calibrated).toBe(true);
    b.reset();
    expect(b.status().calibrated).toBe(true); // reset keeps the calibration
  });
});

describe('extremes skip NaN (item 5)', () => {
  it('mean_2_3_1 with a missing sample inside the window: voltage extremes are those of the samples', () => {
    const words = generateSamples(400, { seed: 12, switchEvery: 1000 });
    words[10] = 0xffffffff;
    const b = calibrated(new StreamBuffer(0.01, [10, 5]));
    b.suppressMode = 'mean_2_3_1';
    b.insertRaw(rawWords(words));
    b.process();
    const v = b.samplesGet(0, 20, 'voltage');
    const i = b.samplesGet(0, 20, 'current');
    expect(Number.isNaN(v[10]) && Number.isFinite(i[10])).toBe(true); // the case: finite current, NaN voltage
    const finite = Array.from(v).filter((x) => !Number.isNaN(x));
    const s = b.statisticsGet(0, 20).stats;
    expect(s.max[1]).toBe(Math.max(...finite));
    expect(s.min[1]).toBe(Math.min(...finite));
    for (const [x, y] of [[0, 20], [0, 400], [3, 17], [10, 11], [5, 95]]) expectRow(b.statisticsGet(x, y).stats, 0, bruteStats(b, x, y), `[${String(x)}, ${String(y)})`);
    const rows = b.dataGet(0, 400, 50);
    for (let r = 0; r < 8; r++) expectRow(rows, r, bruteStats(b, 50 * r, 50 * r + 50), `dataGet row ${String(r)}`);
    expectRow(b.getReduction(1, 0, 50), 0, bruteStats(b, 0, 50), 'level-1 entry');
  });
});

describe('setters and options are checked (item 6)', () => {
  it('refuses bad values with TypeError / RangeError in the package words', () => {
    const b = streamed();
    const [lo, hi] = b.sampleIdRange;
    refused(b, () => (b.callback = 'x' as unknown as null), TypeError, /callback must be a function or null/);
    refused(b, () => (b.sampleIdMax = 'abc' as unknown as number), TypeError, /sampleIdMax/);
    refused(b, () => (b.sampleIdMax = -1), RangeError, /sampleIdMax/);
    refused(b, () => (b.contiguousMax = 1.5), RangeError, /contiguousMax/);
    refused(b, () => (b.contiguousMax = NaN), RangeError, /contiguousMax/);
    refused(b, () => (b.sampleIdMax = 2 ** 53 + 2), RangeError, /2\^53/);
    refused(b, () => (b.suppressMode = 3 as unknown as string), TypeError, /suppressMode/);
    refused(b, () => (b.suppressMode = 'bogus'), Error);
    refused(b, () => (b.voltageRange = 2), RangeError, /voltageRange/);
    refused(b, () => b.statisticsGet(0, 100, {} as StatsArray), TypeError, /out must be a StatsArray/);
    refused(b, () => b.statisticsGet(NaN, 1), RangeError, /start must be an integer sample id .* got NaN/);
    refused(b, () => b.statisticsGet(lo, hi, new StatsArray(0)), RangeError, /rows/);
    refused(b, () => b.dataGet(lo, hi, 100, {} as StatsArray), TypeError, /StatsArray/);
    refused(b, () => b.dataGet(lo, hi, 100, new StatsArray(2)), RangeError, /rows/);
    refused(b, () => b.dataGet(lo, hi, 0), RangeError, /increment/);
    refused(b, () => b.dataGet(lo, hi, Infinity), RangeError, /increment/);
    refused(b, () => b.timeToSampleId(Infinity), RangeError, /finite/);
    refused(b, () => b.timeToSampleId(-Infinity), RangeError, /finite/);
    refused(b, () => b.timeToSampleId(1e300), RangeError, /2\^53/);
    for (const id of [2 ** 53 + 2, 1e300, -(2 ** 60), 0.5]) {
      refused(b, () => b.statisticsGet(id, hi), RangeError, /integer sample id/);
      refused(b, () => b.dataGet(lo, id), RangeError, /integer sample id/);
      refused(b, () => b.samplesGet(id, hi, 'current'), RangeError, /integer sample id/);
      refused(b, () => b.samplesInto(id, hi, { current: new Float32Array(1) }), RangeError, /integer sample id/);
      refused(b, () => b.getReduction(0, lo, id), RangeError, /integer sample id/);
      refused(b, () => b.sampleIdToTime(id), RangeError, /integer sample id/);
    }
    refused(b, () => b.insert('abc' as unknown as Uint8Array), TypeError, /Uint8Array/);
    refused(b, () => b.insertRaw(new Uint16Array(3)), RangeError, /even/);
  });

  it('refuses reductions that would make the ring far longer than asked', () => {
    expect(() => new StreamBuffer(1, [1e9])).toThrow(/use a duration of at least 500 s/);
    expect(() => new StreamBuffer(0.1, [200, 100, 50])).toThrow(RangeError);
    expect(new StreamBuffer(0.5, [200, 100, 50]).length).toBe(1e6);
    expect(new StreamBuffer(0.6, [200, 100, 50]).length).toBe(2e6); // rounded up, less than twice
  });

  it('keeps the limits it was given', () => {
    const b = new StreamBuffer(0.01, [10]);
    b.sampleIdMax = Infinity;
    expect(b.sampleIdMax).toBe(Infinity);
    b.sampleIdMax = 2 ** 63;
    b.contiguousMax = 0;
    expect(b.insert(generatePackets({ packets: 1, seed: 1 }))).toBe(true);
  });
});

describe('lost samples restart contiguousCount (item 7)', () => {
  it('counts from the gap after an overrun, so contiguousMax cannot fire across it', () => {
    const b = new StreamBuffer(0.001, [20]); // 2000 samples
    const bytes = generatePackets({ packets: 100, seed: 7 });
    b.insert(bytes.subarray(0, 512 * 10));
    b.process();
    expect(b.status().contiguousCount).toBe(1260);
    b.insert(bytes.subarray(512 * 10, 512 * 90)); // 10 080 samples: 8080 lost
    b.process();
    const st = b.status();
    expect(st.contiguousCount).toBeLessThanOrEqual(b.length);
    expect(st.contiguousCount).toBe(st.sampleId - (st.deviceSampleId - b.length));
    b.contiguousMax = 2500;
    expect(b.insert(bytes.subarray(512 * 90, 512 * 91))).toBe(false);
  });
});

describe('the straddle row and getReduction are constrained (item 8)', () => {
  it('a dataGet row straddling the oldest sample counts only the samples held', () => {
    const b = streamed();
    const [lo, hi] = b.sampleIdRange;
    for (const inc of [2, 7, 19]) {
      const start = lo - inc + 1; // the first row holds exactly one sample
      const rows = b.dataGet(start, start + 5 * inc, inc);
      const want = bruteStats(b, lo, start + inc);
      expect(rows.count[0], `increment ${String(inc)}`).toBe(want[0].count);
      expectRow(rows, 0, want, `straddle row, increment ${String(inc)}`);
    }
    expect(b.getReduction(0, lo, hi).rows).toBe(Math.floor(hi / 20) - Math.ceil(lo / 20));
  });
});

describe('dataGet honours out', () => {
  it('writes into out, empties the rest, and uses it for empty results too', () => {
    const b = streamed();
    const [lo, hi] = b.sampleIdRange;
    const out = new StatsArray(10);
    expect(b.dataGet(hi - 400, hi, 100, out)).toBe(out);
    expectRow(out, 3, bruteStats(b, hi - 100, hi), 'row 3');
    expect(Array.from(out.count.subarray(24))).toEqual(new Array(36).fill(0));
    expect(b.dataGet(hi, hi - 5, 100, out)).toBe(out);
    expect(out.count.every((c) => c === 0)).toBe(true);
    expect(b.dataGet(lo, hi + 1, 1000, out)).toBe(out); // past the newest: no rows, as the reference
    expect(Number.isNaN(out.mean[0])).toBe(true);
  });
});

describe('raw words', () => {
  it('reads what was inserted', () => {
    const b = new StreamBuffer(0.01, [10]);
    b.suppressMode = 'off';
    b.insertRaw(rawWords(Uint32Array.from([rawSampleWord(5, 6, 1, 0), rawSampleWord(7, 8, 1, 1)])));
    b.process();
    expect(Array.from(b.samplesGet(0, 2, 'raw_current'))).toEqual([5, 7]);
  });
});
