// The voltage range of every raw slot, one bit each (docs/stream-buffer.md, "Storage"):
// 0.125 byte per sample, written as samples are inserted (each USB packet carries its own).
import { physicalLength, slotOf, voltageBitsPtr } from './_memory';

@inline export function voltageRangeAt(slot: i64): i32 {
  const s = <u32>slot;
  return <i32>((load<u32>(voltageBitsPtr + (<usize>(s >>> 5) << 2)) >>> (s & 31)) & 1);
}

/** Sets the bits of slots [slot, slot + count) (no wrap) to `vr`. */
function fill(slot: u32, count: u32, vr: i32): void {
  let s = slot;
  const end = slot + count;
  // Whole words at once.
  const w0 = (s + 31) >>> 5;
  const w1 = end >>> 5;
  if (w1 > w0) {
    memory.fill(voltageBitsPtr + (<usize>w0 << 2), vr != 0 ? 0xff : 0, <usize>(w1 - w0) << 2);
    if (s < w0 << 5) fillBits(s, (w0 << 5) - s, vr);
    if (end > w1 << 5) fillBits(w1 << 5, end - (w1 << 5), vr);
    return;
  }
  fillBits(s, count, vr);
}

function fillBits(slot: u32, count: u32, vr: i32): void {
  let s = slot;
  const end = slot + count;
  while (s < end) {
    const bit = s & 31;
    const n = min<u32>(32 - bit, end - s);
    const mask: u32 = n == 32 ? 0xffffffff : ((<u32>1 << n) - 1) << bit;
    const p = voltageBitsPtr + (<usize>(s >>> 5) << 2);
    const w = load<u32>(p);
    store<u32>(p, vr != 0 ? w | mask : w & ~mask);
    s += n;
  }
}

/** Sets the voltage range of sample ids [id, id + count) (count ≤ physicalLength). */
export function voltageRangeFill(id: f64, count: f64, vr: i32): void {
  let slot = slotOf(<i64>id);
  let left = <i64>count;
  while (left > 0) {
    const n = min<i64>(left, physicalLength - slot);
    fill(<u32>slot, <u32>n, vr);
    left -= n;
    slot = 0;
  }
}

/** How many slots from `slot` (at most `n`, no wrap) have voltage range `vr`. */
export function voltageRangeRun(slot: i64, n: i64, vr: i32): i64 {
  let s = <u32>slot;
  const end = <u32>(slot + n);
  while (s < end) {
    const bit = s & 31;
    let w = load<u32>(voltageBitsPtr + (<usize>(s >>> 5) << 2));
    if (vr != 0) w = ~w;
    w >>>= bit; // now 0 where the range is vr, from slot s on
    const avail: u32 = 32 - bit;
    if (w != 0) {
      const t = <u32>ctz(w);
      if (t < avail) return min<i64>(n, <i64>(s + t) - slot);
    }
    s += avail;
  }
  return n;
}
