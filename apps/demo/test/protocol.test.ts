import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { StatsArray } from '@joulescope/stats';
import { ProtocolError, WorkerCallError, errorInfo, packStats, parseCall, statsFor, unpackStats } from '../src/protocol';

function sampleStats(rows: number): StatsArray {
  const s = new StatsArray(rows);
  for (let i = 0; i < rows * 6; i++) {
    s.count[i] = i % 7;
    s.mean[i] = i * 0.5;
    s.variance[i] = i * 0.25;
    s.min[i] = -i;
    s.max[i] = i + 1;
  }
  return s;
}

describe('StatsArray on the wire', () => {
  it('crosses a message port as one transferred buffer and is rebuilt without a copy', async () => {
    const stats = sampleStats(1000);
    const expected = sampleStats(1000);
    const packed = packStats(stats);
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<unknown>((resolve) => port2.once('message', resolve));
    port1.postMessage({ kind: 'reply', value: packed }, [packed.buffer]);
    const message = (await received) as { value: ReturnType<typeof packStats> };
    port1.close();
    expect(stats.buffer.byteLength).toBe(0); // moved, not copied
    const back = unpackStats(message.value);
    expect(back.rows).toBe(1000);
    expect(back.buffer).toBe(message.value.buffer);
    for (const k of ['count', 'mean', 'variance', 'min', 'max'] as const) expect([...back[k]]).toEqual([...expected[k]]);
  });

  it('reuses a returned buffer that is big enough, and only then', () => {
    const old = new StatsArray(500);
    const buffer = old.buffer as ArrayBuffer;
    const reused = statsFor(400, buffer);
    expect(reused.buffer).toBe(buffer);
    expect(reused.rows).toBe(400);
    const fresh = statsFor(600, buffer);
    expect(fresh.buffer).not.toBe(buffer);
    expect(fresh.rows).toBe(600);
    expect(statsFor(3, null).rows).toBe(3);
  });

  it('refuses a StatsArray over a SharedArrayBuffer (it cannot be transferred)', () => {
    const shared = new StatsArray(2, new SharedArrayBuffer(StatsArray.byteLength(2)));
    expect(() => packStats(shared)).toThrow(TypeError);
  });
});

describe('parseCall', () => {
  it('accepts every known call', () => {
    for (const method of ['open', 'start', 'stop', 'configure', 'view', 'statistics', 'recordStart', 'recordStop', 'close']) {
      expect(parseCall({ kind: 'call', id: 7, method, args: {} }).method).toBe(method);
    }
  });

  it('says what is wrong with anything else', () => {
    expect(() => parseCall(null)).toThrow(ProtocolError);
    expect(() => parseCall('open')).toThrow(/must be an object, got string/);
    expect(() => parseCall({ kind: 'reply', id: 1, method: 'open', args: {} })).toThrow(/kind 'call'/);
    expect(() => parseCall({ kind: 'call', id: 1.5, method: 'open', args: {} })).toThrow(/integer/);
    expect(() => parseCall({ kind: 'call', id: 1, method: 'explode', args: {} })).toThrow(/unknown method explode; known: open/);
    expect(() => parseCall({ kind: 'call', id: 1, method: 'view' })).toThrow(/args object/);
    expect(new ProtocolError('x')).toBeInstanceOf(TypeError);
  });
});

describe('errors across the boundary', () => {
  it('keep their name and message', () => {
    expect(errorInfo(new RangeError('too big'))).toEqual({ name: 'RangeError', message: 'too big' });
    expect(errorInfo('plain')).toEqual({ name: 'Error', message: 'plain' });
    const e = new WorkerCallError({ name: 'Js110Error', message: 'removed' });
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.message]).toEqual(['Js110Error', 'removed']);
  });
});
