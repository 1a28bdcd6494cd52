// The kernel's memory layout (docs/stream-buffer.md, "Storage"): one linear memory per
// StreamBuffer, imported from the host, laid out by `init` and grown only for the override
// log at its end. Ids are i64 inside the kernel (exact to 2^53 at the interface, as f64).

/** Float64 slots of one statistics record: count, then mean, M2, min, max of 6 fields. */
export const RECORD: i32 = 25;
export const RECORD_BYTES: i32 = RECORD * 8;
/** At most 5 reductions, each of the 4 upper ones possibly split in three. */
export const MAX_LEVELS: i32 = 13;
/** Samples per scratch chunk of sample queries. */
export const CHUNK: i32 = 16384;
/** Spans of level entries one range query reduces: head and tail per level, each split at the ring's end, and the edges' record. */
export const MAX_SPANS: i32 = 4 * MAX_LEVELS + 1;
/** Rows per scratch batch of dataGet. */
export const ROWS: i32 = 1024;
/** Calibration tables and log entries the kernel holds. */
export const CAL_TABLES: i32 = 64;
export const CAL_ENTRIES: i32 = 256;
/** Bytes of one calibration table: 9 + 9 current, 2 + 2 voltage float32, padded. */
export const CAL_TABLE_BYTES: i32 = 96;
/** USB packets staged per `gather` (the host copies its bytes in, then the packet parser runs). */
export const STAGE_PACKETS: i32 = 512;
/** Bytes of one override run: start f64, count u32, kind u32, a f32, b f32. */
export const RUN_BYTES: i32 = 24;

const PAGE: usize = 65536;

// Geometry.
/** Ring length (the reference's), a multiple of the last level's step. */
export let ringLength: i64 = 0;
/** Slots of the raw ring: ringLength plus slack, so held ids keep their raw words. */
export let physicalLength: i64 = 0;
export let levelCount: i32 = 0;

// Regions.
export let factorsPtr: usize = 0; // i32[MAX_LEVELS] internal factors
export let stepsPtr: usize = 0; // i64[MAX_LEVELS] samples per entry
export let entriesPtr: usize = 0; // i32[MAX_LEVELS] entries per level
export let levelPtrs: usize = 0; // usize[MAX_LEVELS]
export let countersPtr: usize = 0; // i32[MAX_LEVELS]
export let matrixPtr: usize = 0; // u8[81] window matrix in use, then u8[81] at +96 for the next mode
export let histIPtr: usize = 0; // f32[64]
export let histVPtr: usize = 0; // f32[64]
export let histBitsPtr: usize = 0; // u8[64]
export let blockAccPtr: usize = 0; // accumulator of the level-0 block being filled
export let queryAccPtr: usize = 0; // accumulator of query edges
export let recordAPtr: usize = 0; // scratch records
export let recordBPtr: usize = 0;
export let planAPtr: usize = 0; // two range plans: edges, span count, spans (count u32, records u32) × MAX_SPANS
export let planBPtr: usize = 0;
export let singleSpanPtr: usize = 0; // one span, for `recordReduce`
export let calTablesPtr: usize = 0;
export let calLogPtr: usize = 0; // (from f64, table i32, pad) × CAL_ENTRIES
export let scratchCurrentPtr: usize = 0; // f32[CHUNK]
export let scratchVoltagePtr: usize = 0; // f32[CHUNK]
export let scratchPowerPtr: usize = 0; // f32[CHUNK]
export let scratchBitsPtr: usize = 0; // u8[CHUNK]
export let rowsPtr: usize = 0; // 5 columns × ROWS × 6 f64
export let stagePtr: usize = 0; // u8[STAGE_PACKETS × 512]: USB bytes of one insert piece
export let gatherPtr: usize = 0; // u32[STAGE_PACKETS]: byte offsets of staged packets' samples
export let rawPtr: usize = 0; // u32[physicalLength]
export let voltageBitsPtr: usize = 0; // u32[physicalLength / 32]: voltage range per raw slot
export let runsPtr: usize = 0; // override runs, at the end
export let runsCapacity: i32 = 0;

function align(x: usize, a: usize): usize {
  return (x + a - 1) & ~(a - 1);
}

let cursor: usize = 0;

function take(bytes: usize): usize {
  const p = cursor;
  cursor = align(cursor + bytes, 16);
  return p;
}

/**
 * Lays out the memory for a ring of `length` samples (`physical` raw slots) with the
 * internal factors at `factorsIn` (i32 × `levels`, written by the host at `scratchIn()`),
 * growing the memory. Returns the bytes used, or -1 when the memory cannot grow that far.
 */
export function layout(length: i64, physical: i64, levels: i32, runs: i32, grow: bool): f64 {
  cursor = align(__heap_base + 256, 16);
  const factorsIn = cursor - 128; // the host's factors, read before they are moved
  factorsPtr = take(<usize>MAX_LEVELS * 4);
  stepsPtr = take(<usize>MAX_LEVELS * 8);
  entriesPtr = take(<usize>MAX_LEVELS * 4);
  levelPtrs = take(<usize>MAX_LEVELS * 4);
  countersPtr = take(<usize>MAX_LEVELS * 4);
  matrixPtr = take(192);
  histIPtr = take(256);
  histVPtr = take(256);
  histBitsPtr = take(64);
  blockAccPtr = take(256);
  queryAccPtr = take(256);
  recordAPtr = take(<usize>RECORD_BYTES);
  recordBPtr = take(<usize>RECORD_BYTES);
  planAPtr = take(40 + <usize>MAX_SPANS * 8);
  planBPtr = take(40 + <usize>MAX_SPANS * 8);
  singleSpanPtr = take(8);
  calTablesPtr = take(<usize>CAL_TABLES * CAL_TABLE_BYTES);
  calLogPtr = take(<usize>CAL_ENTRIES * 16);
  scratchCurrentPtr = take(<usize>CHUNK * 4);
  scratchVoltagePtr = take(<usize>CHUNK * 4);
  scratchPowerPtr = take(<usize>CHUNK * 4);
  scratchBitsPtr = take(<usize>CHUNK);
  rowsPtr = take(<usize>ROWS * 6 * 8 * 5);
  stagePtr = take(<usize>STAGE_PACKETS * 512);
  gatherPtr = take(<usize>STAGE_PACKETS * 4);
  let step: i64 = 1;
  let bytes: f64 = <f64>cursor;
  for (let n = 0; n < levels; n++) {
    const f = load<i32>(factorsIn + (<usize>n << 2));
    store<i32>(factorsPtr + (<usize>n << 2), f);
    step *= <i64>f;
    store<i64>(stepsPtr + (<usize>n << 3), step);
    const entries = length / step;
    store<i32>(entriesPtr + (<usize>n << 2), <i32>entries); // used only when it fits (layout grows)
    bytes += <f64>entries * <f64>RECORD_BYTES + 16;
  }
  bytes += <f64>physical * 4 + <f64>((physical + 31) >> 5) * 4 + 32;
  bytes += <f64>runs * <f64>RUN_BYTES + 16;
  if (!grow) return bytes;
  if (bytes > 4294967296.0 - <f64>PAGE) return -1;
  const need = <i32>((<u64>bytes + PAGE - 1) / PAGE);
  const have = memory.size();
  if (need > have && memory.grow(need - have) < 0) return -1;
  ringLength = length;
  physicalLength = physical;
  levelCount = levels;
  for (let n = 0; n < levels; n++) {
    const entries = load<i32>(entriesPtr + (<usize>n << 2));
    store<usize>(levelPtrs + (<usize>n << 2), take(<usize>entries * RECORD_BYTES));
  }
  rawPtr = take(<usize>physical * 4);
  voltageBitsPtr = take(<usize>((physical + 31) >> 5) * 4);
  runsPtr = take(<usize>runs * RUN_BYTES);
  runsCapacity = runs;
  return bytes;
}

/** Where the host writes the factors before calling `layout`. */
export function factorsInput(): usize {
  return align(__heap_base + 256, 16) - 128;
}

export function setRunsCapacity(capacity: i32): void {
  runsCapacity = capacity;
}

/** Grows the memory so that `end` bytes exist; false when it cannot. */
export function ensureBytes(end: f64): bool {
  if (end > 4294967296.0 - <f64>PAGE) return false;
  const need = <i32>((<u64>end + PAGE - 1) / PAGE);
  const have = memory.size();
  return need <= have || memory.grow(need - have) >= 0;
}

@inline export function factorOf(n: i32): i32 {
  return load<i32>(factorsPtr + (<usize>n << 2));
}

@inline export function stepOf(n: i32): i64 {
  return load<i64>(stepsPtr + (<usize>n << 3));
}

@inline export function entriesOf(n: i32): i32 {
  return load<i32>(entriesPtr + (<usize>n << 2));
}

@inline export function levelOf(n: i32): usize {
  return load<usize>(levelPtrs + (<usize>n << 2));
}

/**
 * ⌊a / b⌋ for ids and lengths (0 ≤ a < 2^53, b > 0) in float64: exact there, and several
 * times faster than a 64-bit integer division.
 */
@inline export function idDiv(a: i64, b: i64): i64 {
  return <i64>Math.floor(<f64>a / <f64>b);
}

/** a mod b, as `idDiv`. */
@inline export function idMod(a: i64, b: i64): i64 {
  return a - idDiv(a, b) * b;
}

/** The raw slot of a sample id (ids are ≥ 0 inside the kernel). */
@inline export function slotOf(id: i64): i64 {
  return idMod(id, physicalLength);
}
