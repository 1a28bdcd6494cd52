/**
 * USB ingest and the voltage-range log (docs/stream-buffer.md, "Ingest"): USB bulk bytes are
 * copied, a piece at a time, into the kernel's staging area and parsed there by codec's
 * UsbBulkProcessor (packets, index gaps, a trailing partial packet); the packets' raw words go
 * into the kernel's raw ring at `deviceId % physicalLength` (gathered by the kernel, one call
 * per piece), and each sample's voltage range (its packet's) into its one-bit-per-slot log.
 */
import { PACKET_SIZE, SAMPLES_PER_PACKET, UsbBulkProcessor } from '@joulescope/codec';
import type { PacketSink } from '@joulescope/codec';
import { KERNEL_STAGE_PACKETS, pointer } from './_kernel';
import type { Kernel } from './_kernel';

const STAGE_BYTES = KERNEL_STAGE_PACKETS * PACKET_SIZE;

export class UsbIngest implements PacketSink {
  /** Samples inserted (gap fills included) since the last reset. */
  deviceId = 0;
  /** Voltage range of the latest inserted sample (-1: none since reset). */
  lastInsertedRange = -1;
  private readonly bulk = new UsbBulkProcessor();
  private readonly rawAt: number;
  private readonly stageAt: number;
  private readonly gatherAt: number;
  // Staged packets not yet copied to the ring: `gathered` of them from id `gatherId`.
  private gathered = 0;
  private gatherId = 0;
  // Samples whose voltage range is not yet in the kernel: [pendingId, deviceId) in `pendingRange`.
  private pendingId = 0;
  private pendingRange = 0;

  private readonly physicalLength: number;

  constructor(private readonly kernel: Kernel) {
    this.physicalLength = kernel.physicalLength;
    const k = kernel.exports;
    this.rawAt = pointer(k.rawPointer()) / 4;
    this.stageAt = pointer(k.stagePointer());
    this.gatherAt = pointer(k.gatherPointer()) / 4;
  }

  /** After a reset, raw words get the voltage range last processed (as the reference). */
  reset(): void {
    this.bulk.reset();
    this.deviceId = 0;
    this.gathered = 0;
    this.pendingId = 0;
    this.lastInsertedRange = -1;
    this.pendingRange = this.kernel.exports.processVoltageRange();
  }

  /** Samples inserted from now on have `voltageRange` (USB packets then carry their own). */
  setRange(voltageRange: number): void {
    this.range(voltageRange);
  }

  /** Inserts USB bulk bytes (any chunking). */
  insert(data: Uint8Array): void {
    for (let at = 0; at < data.length; at += STAGE_BYTES) {
      const n = Math.min(STAGE_BYTES, data.length - at);
      const stage = this.kernel.u8.subarray(this.stageAt, this.stageAt + n);
      stage.set(data.subarray(at, at + n));
      this.gatherId = this.deviceId;
      this.bulk.process(stage, this);
      this.gather();
    }
    this.flushRanges();
  }

  /** Inserts raw words (current word in the low half) with the voltage range in force. */
  insertRaw(words: Uint32Array): void {
    this.write(words, 0, words.length);
    this.flushRanges();
  }

  onSamples(words: Uint32Array, start: number, voltageRange: number): void {
    this.range(voltageRange);
    if (words.byteOffset >= this.stageAt) {
      // A packet of the staging area (the parser's own buffers start at offset 0): the kernel
      // copies it with the others of this piece.
      this.kernel.u32[this.gatherAt + this.gathered++] = words.byteOffset + 4 * start - this.stageAt;
      this.deviceId += SAMPLES_PER_PACKET;
    } else {
      this.gather(); // a packet completed from a partial one: keep the order
      this.write(words, start, SAMPLES_PER_PACKET);
      this.gatherId = this.deviceId;
    }
  }

  onMissing(count: number, voltageRange: number): void {
    this.gather();
    this.range(voltageRange);
    const P = this.physicalLength;
    const n = Math.min(count, P);
    const raw = this.kernel.u32;
    let pos = (this.deviceId + count - n) % P;
    let left = n;
    while (left > 0) {
      const run = Math.min(left, P - pos);
      raw.fill(0xffffffff, this.rawAt + pos, this.rawAt + pos + run);
      pos = pos + run === P ? 0 : pos + run;
      left -= run;
    }
    this.deviceId += count;
    this.gatherId = this.deviceId;
  }

  /** Copies the staged packets listed so far into the ring. */
  private gather(): void {
    if (this.gathered > 0) this.kernel.exports.gather(this.gathered, this.gatherId);
    this.gathered = 0;
    this.gatherId = this.deviceId;
  }

  /** Samples from now on have `voltageRange`. */
  private range(voltageRange: number): void {
    this.lastInsertedRange = voltageRange;
    if (voltageRange === this.pendingRange) return;
    this.flushRanges();
    this.pendingRange = voltageRange;
  }

  private write(words: Uint32Array, start: number, n: number): void {
    const P = this.physicalLength;
    const raw = this.kernel.u32;
    let k = start;
    let left = n;
    let pos = this.deviceId % P;
    if (left > P) {
      // Only the newest P words can stay.
      k += left - P;
      pos = (pos + left - P) % P;
      left = P;
    }
    while (left > 0) {
      const run = Math.min(left, P - pos);
      raw.set(words.subarray(k, k + run), this.rawAt + pos);
      k += run;
      pos = pos + run === P ? 0 : pos + run;
      left -= run;
    }
    this.deviceId += n;
  }

  /** Writes the voltage range of the samples inserted since the last flush. */
  private flushRanges(): void {
    const count = this.deviceId - this.pendingId;
    if (count > 0) {
      const n = Math.min(count, this.physicalLength);
      this.kernel.exports.voltageRangeFill(this.deviceId - n, n, this.pendingRange);
    }
    this.pendingId = this.deviceId;
  }
}
