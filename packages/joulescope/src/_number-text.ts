/**
 * Numbers as ASCII bytes without building strings: the CSV writer formats millions of values
 * per second, so digits go straight into a byte buffer.
 */

const NAN = [0x4e, 0x61, 0x4e]; // NaN
const INF = [0x69, 0x6e, 0x66]; // inf
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const E = 0x65;
const PLUS = 0x2b;

/** Powers of ten 10^0 … 10^308, each correctly rounded. */
const POW10 = Array.from({ length: 309 }, (_, k) => Number(`1e${String(k)}`));
const f64 = new Float64Array(1);
const bits32 = new Uint32Array(f64.buffer);
const LOG10_2 = 0.3010299956639812;

/** x · 10^k within an ulp or two (exact where 10^k is). */
function scale(x: number, k: number): number {
  if (k > 308) return x * POW10[308] * POW10[k - 308];
  if (k >= 0) return x * POW10[k];
  return x / POW10[-k];
}

/**
 * Writes `x` as C's `%.9g` would (9 significant digits, trailing zeros removed, exponent form
 * below 1e-4 and from 1e9 on): enough digits to read any float32 back exactly. Returns the
 * new position. NaN is `NaN`, infinities `inf` / `-inf`.
 */
export function writeG9(out: Uint8Array, pos: number, x: number): number {
  if (x !== x) {
    out[pos] = NAN[0];
    out[pos + 1] = NAN[1];
    out[pos + 2] = NAN[2];
    return pos + 3;
  }
  if (x < 0 || (x === 0 && 1 / x < 0)) {
    out[pos++] = MINUS;
    x = -x;
  }
  if (x === Infinity) {
    out[pos] = INF[0];
    out[pos + 1] = INF[1];
    out[pos + 2] = INF[2];
    return pos + 3;
  }
  if (x === 0) {
    out[pos] = ZERO;
    return pos + 1;
  }
  // The decimal exponent from the binary one (may be one low), then corrected.
  f64[0] = x;
  let e = Math.floor((((bits32[1] >>> 20) & 0x7ff) - 1023) * LOG10_2);
  let scaled = scale(x, 8 - e);
  while (scaled >= 1e9) {
    e += 1;
    scaled = scale(x, 8 - e);
  }
  while (scaled < 1e8) {
    e -= 1;
    scaled = scale(x, 8 - e);
  }
  let m = Math.round(scaled);
  if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6) {
    // Near a tie the scaled value's last bits decide: take the correctly rounded digits.
    const text = x.toExponential(8);
    const k = text.indexOf('e');
    m = Number(text[0] + text.slice(2, k));
    e = Number(text.slice(k + 1));
  }
  if (m >= 1e9) {
    m = Math.round(m / 10);
    e += 1;
  }
  // m has 9 digits; drop its trailing zeros (n digits remain).
  let n = 9;
  while (n > 1) {
    const q = (m / 10) | 0;
    if (m - q * 10 !== 0) break;
    m = q;
    n--;
  }
  if (e < -4 || e >= 9) {
    pos = writeDigits(out, pos, m, n, 1);
    out[pos++] = E;
    let exp = e;
    if (exp < 0) {
      out[pos++] = MINUS;
      exp = -exp;
    } else {
      out[pos++] = PLUS;
    }
    if (exp >= 100) out[pos++] = ZERO + ((exp / 100) | 0);
    out[pos++] = ZERO + (((exp / 10) | 0) % 10);
    out[pos++] = ZERO + (exp % 10);
    return pos;
  }
  if (e >= 0) {
    if (n <= e + 1) {
      // An integer: the digits, then the zeros trimmed off.
      pos = writeDigits(out, pos, m, n, 0);
      for (let i = n; i <= e; i++) out[pos++] = ZERO;
      return pos;
    }
    return writeDigits(out, pos, m, n, e + 1);
  }
  out[pos++] = ZERO;
  out[pos++] = DOT;
  for (let i = -1; i > e; i--) out[pos++] = ZERO;
  return writeDigits(out, pos, m, n, 0);
}

/** Writes the n digits of m, with a point after the first `point` of them (none if 0 or ≥ n). */
function writeDigits(out: Uint8Array, pos: number, m: number, n: number, point: number): number {
  const dot = point > 0 && point < n ? 1 : 0;
  let i = pos + n + dot - 1;
  for (let k = n - 1; k >= 0; k--) {
    const q = (m / 10) | 0;
    out[i--] = ZERO + m - q * 10;
    m = q;
    if (dot === 1 && k === point) out[i--] = DOT;
  }
  return pos + n + dot;
}

/** Writes a non-negative safe integer in decimal; returns the new position. */
export function writeUint(out: Uint8Array, pos: number, value: number): number {
  if (value < 10) {
    out[pos] = ZERO + value;
    return pos + 1;
  }
  let n = 0;
  for (let v = value; v >= 1; v = Math.floor(v / 10)) n++;
  for (let i = pos + n - 1, v = value; i >= pos; i--, v = Math.floor(v / 10)) out[i] = ZERO + (v % 10);
  return pos + n;
}

/**
 * Writes `ticks / 10^decimals` with exactly `decimals` digits after the point (time stamps:
 * sample id × seconds per sample, as an integer count of 10^−decimals s). Returns the new position.
 */
export function writeFixed(out: Uint8Array, pos: number, ticks: number, decimals: number, scaleOfDecimals: number): number {
  const whole = Math.floor(ticks / scaleOfDecimals);
  let frac = ticks - whole * scaleOfDecimals;
  pos = writeUint(out, pos, whole);
  if (decimals === 0) return pos;
  out[pos] = DOT;
  for (let i = pos + decimals; i > pos; i--) {
    out[i] = ZERO + (frac % 10);
    frac = Math.floor(frac / 10);
  }
  return pos + decimals + 1;
}

const CACHE_BITS = 13;
const CACHE_SLOTS = 1 << CACHE_BITS;
/** `%.9g` of a float32 is at most 15 bytes (`-1.23456789e-05`). */
const SLOT_BYTES = 16;

/**
 * `writeG9` for float32 values with a direct-mapped memo of recent texts: samples come from
 * 14-bit ADC codes, so a stream repeats a few thousand values and most lookups hit.
 */
export class Float32Text {
  private readonly keys = new Uint32Array(CACHE_SLOTS);
  private readonly lengths = new Uint8Array(CACHE_SLOTS);
  private readonly texts = new Uint8Array(CACHE_SLOTS * SLOT_BYTES);

  /** Writes the float32 whose bits are `bits` (value `x`); returns the new position. */
  write(out: Uint8Array, pos: number, bits: number, x: number): number {
    const slot = Math.imul(bits, 0x9e3779b1) >>> (32 - CACHE_BITS);
    const length = this.lengths[slot];
    const texts = this.texts;
    const base = slot * SLOT_BYTES;
    if (length !== 0 && this.keys[slot] === bits) {
      for (let i = 0; i < length; i++) out[pos + i] = texts[base + i];
      return pos + length;
    }
    const end = writeG9(out, pos, x);
    const n = end - pos;
    for (let i = 0; i < n; i++) texts[base + i] = out[pos + i];
    this.keys[slot] = bits;
    this.lengths[slot] = n;
    return end;
  }
}

/** Digits of a tick counter: up to 10^20 ticks. */
const COUNTER_DIGITS = 21;

/**
 * A fixed-point decimal that counts up by whole ticks: time stamps of consecutive samples,
 * each written as the previous one plus a constant, with no division per row. It keeps its
 * own text (digits and point) and copies it out.
 */
export class DecimalCounter {
  /** ASCII digits with the point `decimals` digits from the end (no point for 0 decimals). */
  private readonly text: Uint8Array;
  private readonly point: number;
  /** Index of the first digit written (leading zeros skipped, one kept before the point). */
  private first = 0;

  /** @param decimals digits after the point (a tick is 10^−decimals s). */
  constructor(decimals: number) {
    this.point = decimals === 0 ? -1 : COUNTER_DIGITS - decimals;
    this.text = new Uint8Array(COUNTER_DIGITS + (decimals === 0 ? 0 : 1));
  }

  /** Sets the count (a safe integer ≥ 0). */
  set(ticks: number): void {
    const digits = String(ticks).padStart(COUNTER_DIGITS, '0');
    const t = this.text;
    let j = 0;
    for (let i = 0; i < COUNTER_DIGITS; i++) {
      if (j === this.point) t[j++] = DOT;
      t[j++] = digits.charCodeAt(i);
    }
    const lastWhole = (this.point < 0 ? t.length : this.point) - 1;
    let first = 0;
    while (first < lastWhole && t[first] === ZERO) first++;
    this.first = first;
  }

  /** Adds `ticks` (0 ≤ ticks < 10^9). */
  add(ticks: number): void {
    const t = this.text;
    let carry = ticks;
    for (let i = t.length - 1; carry !== 0 && i >= 0; i--) {
      if (i === this.point) continue;
      const q = (carry / 10) | 0;
      let digit = t[i] - ZERO + carry - q * 10;
      carry = q;
      if (digit >= 10) {
        digit -= 10;
        carry += 1;
      }
      t[i] = ZERO + digit;
      if (i < this.first && digit !== 0) this.first = i;
    }
  }

  /** Writes the count as `whole.fraction`; returns the new position. */
  write(out: Uint8Array, pos: number): number {
    const t = this.text;
    for (let i = this.first; i < t.length; i++) out[pos++] = t[i];
    return pos;
  }
}
