// A literal, slow transcription of docs/samples.md (sample counters, calibration, glitch filter):
// one sample at a time, no fast path, an unbounded window counter with the overflow handled at
// window close ("Overflow": counter - 63 NaN samples, then the last 63 normally).
// The fast RawProcessor is checked against it.
import { parseSuppressMode, SuppressType } from '../src/index';
import { MATRIX_M, MATRIX_N } from '../src/_suppress-matrices';

const f = Math.fround;

export interface RefOutput {
  i: number[];
  v: number[];
  bits: number[];
}

export class ReferenceRawProcessor {
  iOffset = [0, 0, 0, 0, 0, 0, 0, 0];
  iGain = [1, 1, 1, 1, 1, 1, 1, 0];
  vOffset = [0, 0];
  vGain = [1, 1];
  voltageRange = 0;
  mode = parseSuppressMode('interp_1_n_1');
  ringI = new Array<number>(64).fill(NaN);
  ringV = new Array<number>(64).fill(NaN);
  ringB = new Array<number>(64).fill(0xff);
  idxOut = 0;
  start = 0;
  last = 7;
  remaining = 0;
  counter = 0;
  pre = NaN;
  missing = 0;
  skip = 0;
  sync = 0;
  contiguous = 0;
  isSkipping = 1;
  toggleLast = 0;
  toggleMask = 0;
  out: RefOutput = { i: [], v: [], bits: [] };

  calibrationSet(io: number[], ig: number[], vo: number[], vg: number[]): void {
    this.iOffset = [...io.slice(0, 7).map(f), 0];
    this.iGain = [...ig.slice(0, 7).map(f), 0];
    this.vOffset = vo.slice(0, 2).map(f);
    this.vGain = vg.slice(0, 2).map(f);
  }

  private emit(i: number, v: number, b: number): void {
    this.out.i.push(i);
    this.out.v.push(v);
    this.out.bits.push(b);
  }

  add(rawI: number, rawV: number): void {
    const missing = rawI === 0xffff && rawV === 0xffff;
    let r = (rawI & 3) | ((rawV & 1) << 2);
    if (missing) {
      this.missing++;
      this.contiguous = 0;
      if (this.isSkipping === 0) {
        this.skip++;
        this.isSkipping = 1;
      }
      r = 8;
    } else {
      this.isSkipping = 0;
      this.contiguous++;
    }
    const toggle = (rawV >> 1) & 1;
    if ((toggle ^ this.toggleLast ^ 1) & this.toggleMask && !missing) {
      this.skip++;
      this.isSkipping = 1;
      this.sync++;
    }
    this.toggleLast = toggle;
    this.toggleMask = 1;

    let calI: number;
    let calV: number;
    if (r === 8) {
      calI = NaN;
      calV = NaN;
    } else {
      calI = f(f(f(rawI >> 2) + this.iOffset[r]) * this.iGain[r]);
      calV = f(f(f(rawV >> 2) + this.vOffset[this.voltageRange]) * this.vGain[this.voltageRange]);
    }
    const bits = (r & 0x0f) | ((rawI & 4) << 2) | ((rawV & 4) << 3);

    const m = this.mode;
    const h = this.idxOut;
    this.ringI[h] = calI;
    this.ringV[h] = calV;
    this.ringB[h] = bits;
    if (r !== this.last) {
      let w = 0;
      if (m.type !== SuppressType.Off) {
        if (m.matrix === 'm') w = MATRIX_M[r * 9 + this.last];
        else if (m.matrix === 'n') w = MATRIX_N[r * 9 + this.last];
        else w = m.window;
      }
      if (w > 0) this.remaining = Math.max(this.remaining, w + m.post);
      if (w > 0 && this.counter === 0) {
        this.start = h;
        if (m.type === SuppressType.Mean) {
          let s = 0;
          for (let k = 0; k < m.pre; k++) s = f(s + this.ringI[(h - m.pre + k) & 63]);
          this.pre = s;
        } else {
          this.pre = this.ringI[(h - 1) & 63];
        }
      }
    }
    if (this.remaining > 0) {
      this.counter++;
      if (this.remaining === 1) {
        if (this.counter >= 64) {
          while (this.counter > 63) {
            this.emit(NaN, NaN, 0xff);
            this.counter--;
          }
          this.start = (h - 62) & 63;
          this.pre = NaN;
        }
        const c = this.counter;
        if (m.type === SuppressType.Interp) {
          if (!Number.isFinite(this.pre)) this.pre = calI;
          const step = c > 0 ? f(f(calI - this.pre) / c) : 0;
          for (let k = 0; k < c - 1; k++) {
            this.pre = f(this.pre + step);
            const e = (this.start + k) & 63;
            this.emit(this.pre, this.ringV[e], this.ringB[e]);
          }
        } else if (m.type === SuppressType.Mean) {
          let n = m.pre;
          if (!Number.isFinite(this.pre)) {
            n = 0;
            this.pre = 0;
          }
          for (let k = 0; k < m.post; k++) {
            this.pre = f(this.pre + this.ringI[(h - k) & 63]);
            n++;
          }
          const mean = n ? f(this.pre / n) : NaN;
          this.pre = mean;
          for (let k = 0; k < c - m.post; k++) {
            const e = (this.start + k) & 63;
            this.emit(mean, this.ringV[e], this.ringB[e]);
          }
        } else {
          for (let k = 0; k < c; k++) this.emit(NaN, NaN, this.ringB[(this.start + k) & 63]);
        }
        for (let k = 0; k < m.post; k++) {
          const e = (h + 1 - m.post + k) & 63;
          this.emit(this.ringI[e], this.ringV[e], this.ringB[e]);
        }
        this.counter = 0;
      }
      this.remaining--;
    } else {
      this.pre = calI;
      this.emit(calI, calV, bits);
      this.counter = 0;
    }
    this.idxOut = (h + 1) & 63;
    this.last = r;
  }
}
