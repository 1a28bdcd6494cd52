/**
 * Recording the stream to a `.jls` file laid out as the Joulescope UI records a JS110 (docs/jls.md):
 * source `JS110-<serial>`; signals current, voltage and power (f32), current_range (u8), gpi[0]
 * and gpi[1] (u1); UTC entries at the start, every 10 minutes and at the end. The file is written
 * in the origin-private file system (OPFS) through a synchronous access handle, so it never has to
 * fit in memory; where there is no OPFS it is written to memory.
 */
import { JlsWriter, MemorySink, syncAccessHandleSink, time64FromDate, type JlsSink, type SyncAccessHandleLike } from '@joulescope/jls';
import type { RecordingResult } from '../protocol';
import type { Recorder } from './engine';
import type { SampleBlock, Source } from './source';

const SIGNALS = [
  { signalId: 1, name: 'current', units: 'A', dataType: 'f32' },
  { signalId: 2, name: 'voltage', units: 'V', dataType: 'f32' },
  { signalId: 3, name: 'power', units: 'W', dataType: 'f32' },
  { signalId: 4, name: 'current_range', units: '', dataType: 'u8' },
  { signalId: 5, name: 'gpi[0]', units: '', dataType: 'u1' },
  { signalId: 6, name: 'gpi[1]', units: '', dataType: 'u1' },
] as const;

/** Blocks (one USB transfer each, ~16 ms) allowed to wait for the store (about 1 s) before the recording gives up. */
const MAX_PENDING_BLOCKS = 64;
const UTC_INTERVAL_S = 600;
const OPFS_FOLDER = 'recordings';

/** The part of OPFS used here (the DOM typings lack the worker-only access handle). */
interface OpfsFile {
  createSyncAccessHandle(): Promise<SyncAccessHandleLike>;
  getFile(): Promise<File>;
}
interface OpfsFolder {
  getFileHandle(name: string, options: { create: boolean }): Promise<OpfsFile>;
  removeEntry(name: string): Promise<void>;
  keys(): AsyncIterable<string>;
}

/** Where the bytes go and how the finished file is read back. */
interface Store {
  kind: 'opfs' | 'memory';
  sink: JlsSink;
  file(): Promise<Blob>;
}

/** A file in OPFS/recordings; earlier recordings there are removed (the page saved them already). */
async function opfsStore(name: string): Promise<Store | null> {
  const storage = (globalThis.navigator as { storage?: { getDirectory?: () => Promise<unknown> } } | undefined)?.storage;
  if (typeof storage?.getDirectory !== 'function') return null;
  try {
    const root = (await storage.getDirectory()) as { getDirectoryHandle(name: string, o: { create: boolean }): Promise<OpfsFolder> };
    const folder = await root.getDirectoryHandle(OPFS_FOLDER, { create: true });
    const old: string[] = [];
    for await (const key of folder.keys()) old.push(key);
    for (const key of old) await folder.removeEntry(key).catch(() => undefined);
    const handle = await folder.getFileHandle(name, { create: true });
    if (typeof handle.createSyncAccessHandle !== 'function') return null;
    const access = await handle.createSyncAccessHandle();
    return { kind: 'opfs', sink: syncAccessHandleSink(access), file: () => handle.getFile() };
  } catch {
    return null; // no OPFS here (e.g. a private window): memory
  }
}

function memoryStore(): Store {
  const sink = new MemorySink();
  return { kind: 'memory', sink, file: () => Promise.resolve(new Blob([sink.bytes().slice()])) };
}

/** Python's `json.dumps` spacing, as the UI writes the version: {"hw": "H", "fw": "1.3.4", "fpga": "1.3.2"}. */
function versionText(v: Record<string, string>): string {
  return `{${Object.entries(v)
    .map(([k, x]) => `${JSON.stringify(k)}: ${JSON.stringify(x)}`)
    .join(', ')}}`;
}

/** Starts a recording of `source` named `name` (the file name offered to the user). */
export async function createJlsRecorder(name: string, source: Source): Promise<Recorder> {
  const identity = await source.identity();
  if (identity === null) throw new Error(`${source.info.name} cannot be recorded`);
  const store = (await opfsStore(name)) ?? memoryStore();
  const writer = await JlsWriter.open(store.sink);
  const version: Record<string, string> = {};
  if (identity.hardwareRevision !== null) version.hw = identity.hardwareRevision;
  if (identity.firmwareVersion !== null) version.fw = identity.firmwareVersion;
  if (identity.fpgaVersion !== null) version.fpga = identity.fpgaVersion;
  await writer.sourceDef({
    sourceId: 1,
    name: `${identity.model}-${identity.serialNumber}`,
    vendor: 'Jetperch LLC',
    model: identity.model,
    version: versionText(version),
    serialNumber: identity.serialNumber,
  });
  const sampleRate = source.info.samplingFrequency;
  for (const s of SIGNALS) await writer.signalDef({ signalId: s.signalId, sourceId: 1, dataType: s.dataType, sampleRate, name: s.name, units: s.units });
  return new JlsRecorder(writer, store, name, sampleRate);
}

class JlsRecorder implements Recorder {
  private first = -1;
  private next = 0;
  private nextUtc = 0;
  private pending = 0;
  private failure: Error | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly writer: JlsWriter,
    private readonly store: Store,
    private readonly name: string,
    private readonly sampleRate: number,
  ) {}

  get samples(): number {
    return this.first < 0 ? 0 : this.next - this.first;
  }

  readonly tap = (block: SampleBlock): void => {
    if (this.failure !== null) return;
    if (this.pending >= MAX_PENDING_BLOCKS) {
      this.failure = new Error(`the recording store fell ${String(MAX_PENDING_BLOCKS)} transfers behind the device; the recording stopped there`);
      return;
    }
    const n = block.current.length;
    if (this.first < 0) this.first = block.start;
    // File sample ids count from the first recorded sample, as the UI's exports do.
    const id = block.start - this.first;
    this.next = block.start + n;
    // The wall clock now is the end of the block: its first sample came n samples earlier.
    const utc = id >= this.nextUtc ? time64FromDate(new Date(Date.now() - (n / this.sampleRate) * 1000)) : null;
    if (utc !== null) this.nextUtc = id + UTC_INTERVAL_S * this.sampleRate;
    this.pending++;
    this.chain = this.chain
      .then(async () => {
        const w = this.writer;
        if (utc !== null) for (const s of SIGNALS) await w.utc(s.signalId, id, utc);
        await Promise.all([
          w.fsr(1, id, block.current),
          w.fsr(2, id, block.voltage),
          w.fsr(3, id, block.power),
          w.fsr(4, id, block.currentRange),
          w.fsr(5, id, block.gpi0),
          w.fsr(6, id, block.gpi1),
        ]);
      })
      .catch((error: unknown) => {
        this.failure ??= error instanceof Error ? error : new Error(String(error));
      })
      .finally(() => {
        this.pending--;
      });
  };

  async finish(): Promise<RecordingResult> {
    await this.chain;
    const samples = this.samples;
    if (this.failure === null && samples > 0) {
      const last = samples - 1;
      const utc = time64FromDate(new Date());
      for (const s of SIGNALS) await this.writer.utc(s.signalId, last, utc).catch((e: unknown) => (this.failure ??= e as Error));
    }
    await this.writer.close();
    if (this.failure !== null) throw this.failure;
    return { file: await this.store.file(), name: this.name, samples, start: Math.max(0, this.first), store: this.store.kind };
  }
}
