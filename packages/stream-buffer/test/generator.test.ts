import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePackets } from './_packets';

// The generator must reproduce the conformance packets byte for byte, so property tests
// and benches feed the same kind of stream the reference was run on.
describe('packet generator', () => {
  for (const name of ['stream_basic', 'stream_default_mode', 'stream_small_fs', 'stream_vrange', 'stream_partial_chunks']) {
    it(`reproduces ${name}/packets.bin`, () => {
      const dir = join(import.meta.dirname, 'fixtures/conformance', name);
      const g = (JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { generator: Record<string, unknown> }).generator;
      const bytes = generatePackets({
        packets: g.n_packets as number,
        seed: g.seed as number,
        switchEvery: g.switch_every as number,
        offProb: g.off_prob as number,
        toggleErrors: g.toggle_errors as number[],
        firstIndex: g.first_index as number,
        drop: g.drop as number[],
        badType: g.bad_type as number[],
        badStatus: g.bad_status as number[],
        vRangePackets: g.v_range_packets as number[],
      });
      const want = readFileSync(join(dir, 'packets.bin'));
      expect(Buffer.from(bytes).equals(want)).toBe(true);
    });
  }
});
