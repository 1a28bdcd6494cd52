// The conformance input generator (fixtures/conformance/README.md), used by property tests
// and the bench to make USB packet streams of any size.
import { PACKET_SIZE, SAMPLES_PER_PACKET, rawSampleWord, writePacket } from '@joulescope/codec';

export interface GeneratorOptions {
  packets: number;
  seed?: number;
  /** Draw a new current range every this many samples. */
  switchEvery?: number;
  /** Probability of range 7 (off) at a switch. */
  offProb?: number;
  /** Sample indices whose toggle bit is inverted. */
  toggleErrors?: readonly number[];
  firstIndex?: number;
  drop?: readonly number[];
  badType?: readonly number[];
  badStatus?: readonly number[];
  vRangePackets?: readonly number[];
}

export function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/** Raw sample words (current word in the low half) of the generator. */
export function generateSamples(count: number, o: Omit<GeneratorOptions, 'packets'> = {}): Uint32Array {
  const next = xorshift32(o.seed ?? 1);
  const switchEvery = o.switchEvery ?? 2000;
  const off = Math.round((o.offProb ?? 0) * 1000);
  const toggleErrors = new Set(o.toggleErrors ?? []);
  const out = new Uint32Array(count);
  let range = 0;
  for (let k = 0; k < count; k++) {
    if (k % switchEvery === 0) {
      const x = next();
      range = x % 1000 < off ? 7 : (x >>> 10) % 7;
    }
    const i14 = 2000 + (next() % 12000);
    const v14 = 9000 + (next() % 400);
    const toggle = (k & 1) ^ (toggleErrors.has(k) ? 1 : 0);
    out[k] = rawSampleWord(i14, v14, range, toggle);
  }
  return out;
}

/** USB packets of the generator, concatenated (dropped packets left out). */
export function generatePackets(o: GeneratorOptions): Uint8Array {
  const samples = generateSamples(o.packets * SAMPLES_PER_PACKET, o);
  const drop = new Set(o.drop ?? []);
  const badType = new Set(o.badType ?? []);
  const badStatus = new Set(o.badStatus ?? []);
  const vRange = new Set(o.vRangePackets ?? []);
  const kept = o.packets - [...drop].filter((p) => p < o.packets).length;
  const out = new Uint8Array(kept * PACKET_SIZE);
  let at = 0;
  for (let p = 0; p < o.packets; p++) {
    if (drop.has(p)) continue;
    writePacket(
      out,
      at,
      {
        index: ((o.firstIndex ?? 0) + p) & 0xffff,
        type: badType.has(p) ? 2 : 1,
        status: badStatus.has(p) ? 1 : 0,
        voltageRange: vRange.has(p) ? 1 : 0,
      },
      samples,
      p * SAMPLES_PER_PACKET,
    );
    at += PACKET_SIZE;
  }
  return out;
}
