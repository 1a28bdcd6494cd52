// The subscription machinery on its own: first and last subscriber, iterators, overflow.
import { describe, expect, it } from 'vitest';
import { StatisticsHub, statisticsStream } from '../src/statistics-stream';
import type { DeviceStatistics } from '../src/statistics-update';

function update(n: number): DeviceStatistics {
  return { time: { range: [n, n + 1], delta: 1, samples: 1, sampleRange: [n, n + 1] } } as unknown as DeviceStatistics;
}

function hub(first: () => Promise<void> = () => Promise.resolve()) {
  const calls = { first: 0, last: 0, errors: [] as unknown[] };
  const h = new StatisticsHub({
    first: () => {
      calls.first++;
      return first();
    },
    last: () => void calls.last++,
    error: (e) => void calls.errors.push(e),
  });
  return { h, calls, stream: statisticsStream(h) };
}

describe('StatisticsHub', () => {
  it('calls first once for the first subscriber and last once when the last leaves', () => {
    const { calls, stream } = hub();
    const a = stream(() => undefined);
    const b = stream.subscribe(() => undefined);
    expect(calls).toMatchObject({ first: 1, last: 0 });
    a();
    expect(calls.last).toBe(0);
    b();
    b();
    expect(calls).toMatchObject({ first: 1, last: 1 });
    expect(stream.subscriberCount).toBe(0);
  });

  it('iterators deliver in order, serve concurrent next() calls, and end on end()', async () => {
    const { h, stream } = hub();
    const it = stream();
    const p1 = it.next();
    const p2 = it.next();
    await Promise.resolve();
    await Promise.resolve();
    h.emit(update(1));
    h.emit(update(2));
    h.emit(update(3));
    expect((await p1).value).toEqual(update(1));
    expect((await p2).value).toEqual(update(2));
    h.end(null);
    expect((await it.next()).value).toEqual(update(3));
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('a failed end throws from the iterator after the queued updates, once', async () => {
    const { h, stream } = hub();
    const it = stream[Symbol.asyncIterator]();
    const first = it.next();
    await Promise.resolve();
    h.emit(update(1));
    h.end(new Error('removed'));
    expect((await first).value).toEqual(update(1));
    await expect(it.next()).rejects.toThrow('removed');
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('an iterator that falls behind its highWaterMark ends with an error instead of dropping updates', async () => {
    const { h, calls, stream } = hub();
    const it = stream.iterator({ highWaterMark: 2 });
    const first = it.next();
    await Promise.resolve();
    for (let n = 0; n < 4; n++) h.emit(update(n));
    expect((await first).value).toEqual(update(0));
    expect((await it.next()).value).toEqual(update(1));
    expect((await it.next()).value).toEqual(update(2));
    await expect(it.next()).rejects.toMatchObject({ code: 'stream', message: expect.stringContaining('fell 2 updates behind') as unknown });
    expect(calls.last).toBe(1);
    expect(() => stream.iterator({ highWaterMark: 0 })).toThrow(RangeError);
    expect(() => stream.iterator(null as unknown as object)).toThrow(TypeError);
  });

  it('a start that fails rejects the iterator and reports listener subscribers', async () => {
    const { calls, stream } = hub(() => Promise.reject(new Error('no device')));
    await expect(stream().next()).rejects.toThrow('no device');
    stream(() => undefined);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls.errors).toHaveLength(1);
    expect(stream.subscriberCount).toBe(0);
  });

  it('return() ends an iterator, and a throwing listener is reported', async () => {
    const { h, calls, stream } = hub();
    const it = stream();
    const pending = it.next();
    await it.return?.();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(calls.last).toBe(1);
    stream(() => {
      throw new Error('listener');
    });
    h.emit(update(0));
    expect(calls.errors).toEqual([new Error('listener')]);
  });
});
