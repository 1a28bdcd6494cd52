import { afterEach, describe, expect, it } from 'vitest';
import { StatsArray } from '@joulescope/stats';
import { DEFAULT_SETTINGS, type SourceSpec, type ViewReply, type WorkerMessage } from '../src/protocol';
import { Engine, type EngineDeps, type Recorder } from '../src/worker/engine';
import type { SampleTap, Source, SourceCounters, SourceIdentity } from '../src/worker/source';
import { WorkerClient } from '../src/worker-client';

/** A source whose rows say which samples they cover: mean of field 0 = the row's first sample id. */
class FakeSource implements Source {
  info;
  blocks: readonly number[] = [];
  onStopped: ((message: string) => void) | null = null;
  last = 1_000_000;
  streaming = false;
  listener: SampleTap | null = null;
  outs: StatsArray[] = [];
  constructor(live = true) {
    this.info = { kind: live ? ('emulated' as const) : ('recording' as const), name: 'fake', samplingFrequency: 2e6, calibrated: true, live };
  }
  held(): [number, number] {
    return [Math.max(0, this.last - 600_000), this.last];
  }
  capacity(): number {
    return 600_000;
  }
  dataGet(start: number, increment: number, rows: number, out: StatsArray): Promise<void> {
    this.outs.push(out);
    for (let r = 0; r < rows; r++) {
      out.count[r * 6] = increment;
      out.mean[r * 6] = start + r * increment;
    }
    return Promise.resolve();
  }
  statisticsGet(start: number, stop: number, out: StatsArray): Promise<[number, number]> {
    const [a, b] = this.held();
    const range: [number, number] = [Math.max(start, a), Math.max(Math.max(start, a), Math.min(stop, b))];
    out.count[0] = range[1] - range[0];
    out.mean[0] = (range[0] + range[1]) / 2;
    return Promise.resolve(range);
  }
  counters(): SourceCounters {
    return { streaming: this.streaming, received: this.last, missing: 3, skips: 1, syncs: 0, charge: 1e-3, energy: 3e-3, currentRange: [3, 6] };
  }
  start(): Promise<void> {
    this.streaming = true;
    return Promise.resolve();
  }
  stop(): Promise<void> {
    this.streaming = false;
    return Promise.resolve();
  }
  configure(): Promise<void> {
    return Promise.resolve();
  }
  identity(): Promise<SourceIdentity | null> {
    return Promise.resolve(this.info.live ? { model: 'JS110', serialNumber: '000001', hardwareRevision: 'H', firmwareVersion: '1.3.4', fpgaVersion: '1.3.2' } : null);
  }
  tap(listener: SampleTap | null): void {
    this.listener = listener;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function harness(source: Source, recorder?: Recorder) {
  const posted: { message: WorkerMessage; transfer: Transferable[] }[] = [];
  let clock = 0;
  const deps: EngineDeps = {
    openSource: (_spec: SourceSpec) => Promise.resolve(source),
    createRecorder: () => (recorder === undefined ? Promise.reject(new Error('no recorder')) : Promise.resolve(recorder)),
    now: () => clock,
    statusPeriod: 10,
  };
  const engine = new Engine((message, transfer) => posted.push({ message, transfer }), deps);
  let id = 0;
  const call = async (method: string, args: object) => {
    const myId = ++id;
    await engine.receive({ kind: 'call', id: myId, method, args });
    const reply = posted.find((p) => p.message.kind === 'reply' && p.message.id === myId);
    if (reply === undefined) throw new Error('no reply');
    return reply;
  };
  return { engine, posted, call, tick: (ms: number) => (clock += ms) };
}

const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

describe('Engine (the worker side of the protocol)', () => {
  it('answers a live view with aligned rows, exact window statistics and the buffer it was handed back', async () => {
    const source = new FakeSource();
    const h = harness(source);
    engines.push(h.engine);
    const opened = await h.call('open', { source: { kind: 'emulated' }, settings: DEFAULT_SETTINGS });
    expect(opened.message).toMatchObject({ kind: 'reply', ok: true, value: source.info });

    const first = await h.call('view', { follow: true, start: 0, stop: 400_000, pixels: 1000, markers: null, recycle: null });
    if (first.message.kind !== 'reply' || !first.message.ok) throw new Error('view failed');
    const v = first.message.value as ViewReply;
    // The newest 400 000 samples (600 000 … 1 000 000) at 400 samples per row.
    expect([v.start, v.stop, v.increment, v.rows.rows]).toEqual([600_000, 1_000_000, 400, 1000]);
    expect(v.windowRange).toEqual([600_000, 1_000_000]);
    expect(v.held).toEqual([400_000, 1_000_000]);
    expect(v.capacity).toBe(600_000);
    expect(first.transfer).toEqual([v.rows.buffer, v.window.buffer]);
    const rows = new StatsArray(v.rows.rows, v.rows.buffer);
    expect(rows.mean[0]).toBe(600_000);
    expect(rows.mean[999 * 6]).toBe(600_000 + 999 * 400);
    expect(new StatsArray(1, v.window.buffer).mean[0]).toBe(800_000);

    // The next frame hands the rows buffer back; the worker fills the same memory.
    source.last = 1_032_256;
    const recycle = v.rows.buffer;
    const second = await h.call('view', { follow: true, start: 0, stop: 400_000, pixels: 1000, markers: [700_000, 650_000.4], recycle });
    if (second.message.kind !== 'reply' || !second.message.ok) throw new Error('view failed');
    const w = second.message.value as ViewReply;
    expect(w.rows.buffer).toBe(recycle);
    expect(source.outs[1].buffer).toBe(recycle);
    // Rows stop before the row that is still filling.
    expect([w.start, w.stop, w.rows.rows]).toEqual([632_000, 1_032_000, 1000]);
    expect(w.markerRange).toEqual([650_000, 700_000]);
    expect(second.transfer).toHaveLength(3);
  });

  it('views history exactly where asked, and empty rows before any data', async () => {
    const source = new FakeSource();
    source.last = 0;
    const h = harness(source);
    engines.push(h.engine);
    await h.call('open', { source: { kind: 'emulated' }, settings: DEFAULT_SETTINGS });
    const empty = await h.call('view', { follow: true, start: -4e6, stop: 0, pixels: 800, markers: null, recycle: null });
    // Nothing held yet: no rows (the window's resolution stays).
    expect(empty.message).toMatchObject({ ok: true, value: { start: 0, stop: 0, increment: 5000, rows: { rows: 0 }, windowRange: [0, 0] } });
    source.last = 5_000_000;
    const hist = await h.call('view', { follow: false, start: 4_400_010, stop: 4_400_020, pixels: 800, markers: null, recycle: null });
    expect(hist.message).toMatchObject({ ok: true, value: { start: 4_400_010, stop: 4_400_020, increment: 1, rows: { rows: 10 } } });
  });

  it('pushes counters and the received sample rate', async () => {
    const source = new FakeSource();
    const h = harness(source);
    engines.push(h.engine);
    await h.call('open', { source: { kind: 'emulated' }, settings: DEFAULT_SETTINGS });
    await h.call('start', {});
    source.last += 2_000_000;
    h.tick(1000);
    const status = h.engine.status();
    expect(status).toMatchObject({ streaming: true, sampleRate: 2_000_000, missing: 3, skips: 1, syncs: 0, charge: 1e-3, energy: 3e-3, currentRange: [3, 6], recording: null });
    await h.call('stop', {});
    expect(h.posted.filter((p) => p.message.kind === 'status').at(-1)?.message).toMatchObject({ status: { streaming: false, sampleRate: 0 } });
  });

  it('reports bad calls as error replies and changes nothing', async () => {
    const source = new FakeSource();
    const h = harness(source);
    engines.push(h.engine);
    const before = await h.call('view', { follow: true, start: 0, stop: 10, pixels: 10, markers: null, recycle: null });
    expect(before.message).toMatchObject({ ok: false, error: { message: 'view: nothing is open (open a source first)' } });
    await h.engine.receive({ kind: 'call', id: 99, method: 'launch', args: {} });
    expect(h.posted.at(-1)?.message).toMatchObject({ kind: 'reply', id: 99, ok: false, error: { name: 'ProtocolError' } });
    await h.engine.receive(42);
    expect(h.posted.at(-1)?.message).toMatchObject({ kind: 'reply', id: -1, ok: false });
    await h.call('open', { source: { kind: 'emulated' }, settings: DEFAULT_SETTINGS });
    const cases: [object, string, RegExp][] = [
      [{ follow: false, start: 10, stop: 10, pixels: 10, markers: null, recycle: null }, 'RangeError', /greater than start/],
      [{ follow: false, start: 0, stop: 10, pixels: 0, markers: null, recycle: null }, 'RangeError', /pixels must be an integer from 1/],
      [{ follow: false, start: Number.NaN, stop: 10, pixels: 10, markers: null, recycle: null }, 'TypeError', /finite/],
      [{ follow: false, start: 0, stop: 10, pixels: 10, markers: [1], recycle: null }, 'TypeError', /two sample ids/],
      [{ follow: false, start: 0, stop: 10, pixels: 10, markers: null, recycle: 'x' }, 'TypeError', /ArrayBuffer/],
    ];
    for (const [args, name, message] of cases) {
      const r = await h.call('view', args);
      expect(r.message).toMatchObject({ ok: false, error: { name } });
      if (r.message.kind === 'reply' && !r.message.ok) expect(r.message.error.message).toMatch(message);
    }
    const bad = await h.call('open', { source: { kind: 'floppy' }, settings: {} });
    expect(bad.message).toMatchObject({ ok: false, error: { name: 'TypeError' } });
    // The open source is still there.
    expect((await h.call('view', { follow: true, start: 0, stop: 10, pixels: 10, markers: null, recycle: null })).message).toMatchObject({ ok: true });
    expect((await h.call('recordStop', {})).message).toMatchObject({ ok: false, error: { message: 'recordStop: not recording' } });
    expect((await h.call('recordStart', { name: '' })).message).toMatchObject({ ok: false, error: { name: 'TypeError' } });
  });

  it('records through the source tap, once at a time, and not from a recording', async () => {
    const source = new FakeSource();
    let tapped = 0;
    const recorder: Recorder = {
      tap: (block) => (tapped += block.current.length),
      get samples() {
        return tapped;
      },
      finish: () => Promise.resolve({ file: new Blob([new Uint8Array(8)]), name: 'x.jls', samples: tapped, start: 0, store: 'memory' }),
    };
    const h = harness(source, recorder);
    engines.push(h.engine);
    await h.call('open', { source: { kind: 'emulated' }, settings: DEFAULT_SETTINGS });
    expect((await h.call('recordStart', { name: 'x.jls' })).message).toMatchObject({ ok: true });
    expect((await h.call('recordStart', { name: 'x.jls' })).message).toMatchObject({ ok: false, error: { message: 'recordStart: already recording' } });
    source.listener?.({ start: 0, current: new Float32Array(5), voltage: new Float32Array(5), power: new Float32Array(5), currentRange: new Uint8Array(5), gpi0: new Uint8Array(5), gpi1: new Uint8Array(5) });
    expect(h.engine.status()?.recording).toBe(5);
    const done = await h.call('recordStop', {});
    expect(done.message).toMatchObject({ ok: true, value: { name: 'x.jls', samples: 5 } });
    expect(source.listener).toBeNull();

    const file = new FakeSource(false);
    const r = harness(file, recorder);
    engines.push(r.engine);
    await r.call('open', { source: { kind: 'recording', file: new Blob([]), name: 'a.jls' }, settings: DEFAULT_SETTINGS });
    expect((await r.call('recordStart', { name: 'x.jls' })).message).toMatchObject({ ok: false, error: { message: /cannot be recorded again/ } });
  });
});

describe('WorkerClient ↔ Engine over a real message channel', () => {
  it('settles each call with its reply and delivers transferred rows', async () => {
    const source = new FakeSource();
    const channel = new MessageChannel();
    const engine = new Engine((message, transfer) => channel.port2.postMessage(message, transfer), {
      openSource: () => Promise.resolve(source),
      createRecorder: () => Promise.reject(new Error('none')),
      now: () => performance.now(),
    });
    engines.push(engine);
    channel.port2.onmessage = (event: MessageEvent) => void engine.receive(event.data);
    const client = new WorkerClient(channel.port1);
    const info = await client.call('open', { source: { kind: 'emulated' }, settings: DEFAULT_SETTINGS });
    expect(info.name).toBe('fake');
    const [a, b] = await Promise.all([
      client.call('view', { follow: true, start: 0, stop: 1000, pixels: 100, markers: null, recycle: null }),
      client.call('statistics', { start: 500_000, stop: 600_000 }),
    ]);
    expect(new StatsArray(a.rows.rows, a.rows.buffer).mean[0]).toBe(999_000);
    expect(b.range).toEqual([500_000, 600_000]);
    await expect(client.call('recordStop', {})).rejects.toThrow('recordStop: not recording');
    expect(client.inFlight).toBe(0);
    channel.port1.close();
  });
});
