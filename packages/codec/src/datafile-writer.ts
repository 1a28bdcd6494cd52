/**
 * Writes a datafile (docs/datafile.md) into a growable in-memory buffer: the file header first
 * (its length is fixed at `finalize`), then records with zero padding and CRC, optionally
 * zlib-compressed, collections whose CLS is patched with its CLE offset once the collection
 * ends, subfiles, and EdDSA-BLAKE2b signatures over the raw records between SGS and SGE.
 *
 * Misuse throws and writes nothing: TypeError for an argument of the wrong type (a value that is
 * neither a Uint8Array nor a string, a number timestamp), RangeError for a bad tag, an oversized
 * field, ending what is not open, or writing after `finalize`.
 */
import { ByteSink } from './byte-sink';
import { checkUint } from './check-uint';
import { crc32 } from './crc32';
import {
  COLLECTION_START_SIZE,
  DATAFILE_TAG,
  RECORD_FLAG_COMPRESSED,
  RECORD_HEADER_SIZE,
  SIGNATURE_FLAG_INCLUDE_START,
  SIGNATURE_START_SIZE,
  SIGNATURE_TYPE_EDDSA_BLAKE2B,
  SUBFILE_NAME_SIZE,
  decodeFileHeader,
  encodeFileHeader,
  recordSize,
} from './datafile-format';
import { encodeHdr } from './datafile-hdr';
import type { HdrRecord } from './datafile-hdr';
import { eddsaPublicKey, eddsaSign } from './eddsa-blake2b';
import { describeValue } from './_describe';
import { zlibCompress } from './_zlib';

/** Options of `append` and `subfileAppend`. */
export interface AppendOptions {
  /** Try zlib (level 1); the compressed value is kept only when strictly shorter. */
  compress?: boolean;
}

/** Options of `signatureStart`. */
export interface SignatureStartOptions {
  /** Sign the SGS record too (SGS flags bit 0). Default false, as the calibration records. */
  includeStart?: boolean;
}

/** Tags with a structural meaning: written only through their own methods. */
const STRUCTURAL_TAGS: ReadonlySet<string> = new Set([
  DATAFILE_TAG.END,
  DATAFILE_TAG.CLS,
  DATAFILE_TAG.CLE,
  DATAFILE_TAG.SUB,
  DATAFILE_TAG.SGS,
  DATAFILE_TAG.SGE,
]);
const EMPTY = new Uint8Array(0);
const MAX_VALUE_LENGTH = 0xffff_ffff;
const utf8 = new TextEncoder();

interface OpenCollection {
  offset: number;
  /** The CLS record as written; patched in place (and in a pending signature) at its end. */
  record: Uint8Array;
}

interface OpenSignature {
  secretKey: Uint8Array;
  /** The raw records signed so far, in order. */
  records: Uint8Array[];
  /** Collections open when the signature started; those opened later must end before it. */
  depth: number;
}

/** A record value: bytes as they are, text as UTF-8. */
function toBytes(what: string, value: Uint8Array | string): Uint8Array {
  if (typeof value === 'string') return utf8.encode(value);
  if (value instanceof Uint8Array) return value;
  throw new TypeError(`${what} must be a Uint8Array or a string, got ${describeValue(value)}`);
}

function checkTag(tag: string): void {
  if (typeof tag !== 'string') throw new TypeError(`tag must be a string of 3 printable ASCII characters, got ${describeValue(tag)}`);
  if (!/^[\x20-\x7e]{3}$/.test(tag)) {
    throw new RangeError(`tag must be 3 printable ASCII characters, got ${JSON.stringify(tag)}`);
  }
}

/** `options.compress === true`, after checking that the options are an object with a boolean. */
function wantsCompression(method: string, options: AppendOptions): boolean {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${method} options must be an object, got ${describeValue(options)}`);
  }
  if (options.compress !== undefined && typeof options.compress !== 'boolean') {
    throw new TypeError(`${method} options.compress must be a boolean, got ${describeValue(options.compress)}`);
  }
  return options.compress === true;
}

/** Builds a datafile in memory: records appended in order, then `finalize()` for the bytes. */
export class DatafileWriter {
  private readonly sink = new ByteSink();
  private readonly collections: OpenCollection[] = [];
  private sig: OpenSignature | null = null;
  private done = false;

  constructor() {
    this.sink.append(encodeFileHeader(0));
  }

  /** File offset of the next record. */
  get position(): number {
    return this.sink.length;
  }

  /** Open collections (innermost last). */
  get collectionDepth(): number {
    return this.collections.length;
  }

  /**
   * Appends one record and returns its file offset. `value` may be text (written as UTF-8).
   * END, CLS, CLE, SUB, SGS and SGE have their own methods.
   */
  append(tag: string, value: Uint8Array | string = EMPTY, options: AppendOptions = {}): number {
    this.checkOpen();
    checkTag(tag);
    if (STRUCTURAL_TAGS.has(tag)) {
      throw new RangeError(`${tag} records are written by their own DatafileWriter method, not append()`);
    }
    const bytes = toBytes(`append('${tag}') value`, value);
    return this.appendValue(tag, bytes, wantsCompression('append', options));
  }

  /** Appends the HDR record (first record, after an optional SGS). */
  appendHdr(hdr: HdrRecord): number {
    this.checkOpen();
    return this.appendValue(DATAFILE_TAG.HDR, encodeHdr(hdr), false);
  }

  /**
   * Starts a collection: writes CLS (u64 end position 0 for now, u16 `id`, u8 `type`, reserved 0,
   * then `data`) and returns its offset. `collectionEnd` patches the end position.
   */
  collectionStart(id = 0, type = 0, data: Uint8Array | string = EMPTY): number {
    this.checkOpen();
    checkUint('collection id', id, 16);
    checkUint('collection type', type, 8);
    const bytes = toBytes('collectionStart data', data);
    const value = new Uint8Array(COLLECTION_START_SIZE + bytes.length);
    value[8] = id & 0xff;
    value[9] = id >>> 8;
    value[10] = type;
    value.set(bytes, COLLECTION_START_SIZE);
    const { offset, record } = this.writeRecord(DATAFILE_TAG.CLS, 0, value);
    this.collections.push({ offset, record });
    return offset;
  }

  /** Ends the innermost collection with a CLE carrying `data`; returns the CLE offset. */
  collectionEnd(data: Uint8Array | string = EMPTY): number {
    this.checkOpen();
    const open = this.collections.at(-1);
    if (open === undefined) throw new RangeError('collectionEnd() without an open collection');
    const { offset } = this.writeRecord(DATAFILE_TAG.CLE, 0, toBytes('collectionEnd data', data));
    this.collections.pop();
    if (this.sig !== null && this.collections.length < this.sig.depth) this.sig.depth = this.collections.length;
    // Rewrite the CLS in place (same size) with the CLE offset: u64 at value offset 0.
    const rec = open.record;
    const view = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    view.setUint32(RECORD_HEADER_SIZE, offset % 0x1_0000_0000, true);
    view.setUint32(RECORD_HEADER_SIZE + 4, Math.floor(offset / 0x1_0000_0000), true);
    view.setUint32(rec.length - 4, crc32(rec.subarray(0, rec.length - 4)), true);
    this.sink.writeAt(open.offset, rec);
    return offset;
  }

  /**
   * Appends a SUB record: `name` (UTF-8, at most 127 bytes, no NUL) in a 128-byte field, then
   * `datafile`, a complete datafile (its header is checked). Returns the record offset.
   */
  subfileAppend(name: string, datafile: Uint8Array, options: AppendOptions = {}): number {
    this.checkOpen();
    if (typeof name !== 'string') throw new TypeError(`subfile name must be a string, got ${describeValue(name)}`);
    const compress = wantsCompression('subfileAppend', options);
    const nameBytes = utf8.encode(name);
    if (nameBytes.length >= SUBFILE_NAME_SIZE || nameBytes.includes(0)) {
      throw new RangeError(`subfile name must be at most ${SUBFILE_NAME_SIZE - 1} UTF-8 bytes without NUL, got ${nameBytes.length} bytes`);
    }
    decodeFileHeader(datafile);
    const value = new Uint8Array(SUBFILE_NAME_SIZE + datafile.length);
    value.set(nameBytes, 0);
    value.set(datafile, SUBFILE_NAME_SIZE);
    return this.appendValue(DATAFILE_TAG.SUB, value, compress);
  }

  /**
   * Starts a signed region: writes SGS (type 1, flags, the public key of `secretKey`, a 32-byte
   * seed). The records up to `signatureEnd` are signed as written. Returns the SGS offset.
   */
  signatureStart(secretKey: Uint8Array, options: SignatureStartOptions = {}): number {
    this.checkOpen();
    if (this.sig !== null) throw new RangeError('signatureStart() while a signature is open: signatures do not nest');
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`signatureStart options must be an object, got ${describeValue(options)}`);
    }
    if (options.includeStart !== undefined && typeof options.includeStart !== 'boolean') {
      throw new TypeError(`signatureStart options.includeStart must be a boolean, got ${describeValue(options.includeStart)}`);
    }
    const publicKey = eddsaPublicKey(secretKey);
    const value = new Uint8Array(SIGNATURE_START_SIZE);
    value[0] = SIGNATURE_TYPE_EDDSA_BLAKE2B;
    value[1] = options.includeStart === true ? SIGNATURE_FLAG_INCLUDE_START : 0;
    value.set(publicKey, 8);
    const { offset, record } = this.writeRecord(DATAFILE_TAG.SGS, 0, value);
    this.sig = {
      secretKey: Uint8Array.from(secretKey),
      records: options.includeStart === true ? [record] : [],
      depth: this.collections.length,
    };
    return offset;
  }

  /** Ends the signed region: writes SGE with the signature. Returns the SGE offset. */
  signatureEnd(): number {
    this.checkOpen();
    const sig = this.sig;
    if (sig === null) throw new RangeError('signatureEnd() without signatureStart()');
    if (this.collections.length > sig.depth) {
      throw new RangeError('signatureEnd() while a collection started inside the signed region is open: end it first');
    }
    let size = 0;
    for (const r of sig.records) size += r.length;
    const message = new Uint8Array(size);
    let at = 0;
    for (const r of sig.records) {
      message.set(r, at);
      at += r.length;
    }
    this.sig = null;
    return this.writeRecord(DATAFILE_TAG.SGE, 0, eddsaSign(message, sig.secretKey)).offset;
  }

  /**
   * Ends open collections (innermost first) and an open signature in nesting order, appends
   * END, writes the final length into the header and returns the file bytes. The writer
   * accepts nothing afterwards.
   */
  finalize(): Uint8Array {
    this.checkOpen();
    while (this.collections.length > (this.sig?.depth ?? 0)) this.collectionEnd();
    if (this.sig !== null) this.signatureEnd();
    while (this.collections.length > 0) this.collectionEnd();
    this.writeRecord(DATAFILE_TAG.END, 0, EMPTY);
    this.sink.writeAt(0, encodeFileHeader(this.sink.length));
    this.done = true;
    return this.sink.toBytes();
  }

  private checkOpen(): void {
    if (this.done) throw new RangeError('the datafile writer is finalized; start a new DatafileWriter');
  }

  private appendValue(tag: string, value: Uint8Array, compress: boolean): number {
    let stored = value;
    let flags = 0;
    if (compress && value.length > 0) {
      const z = zlibCompress(value);
      if (z.length < value.length) {
        stored = z;
        flags = RECORD_FLAG_COMPRESSED;
      }
    }
    return this.writeRecord(tag, flags, stored).offset;
  }

  private writeRecord(tag: string, flags: number, value: Uint8Array): { offset: number; record: Uint8Array } {
    this.checkOpen();
    if (value.length > MAX_VALUE_LENGTH) throw new RangeError(`record value of ${value.length} bytes exceeds the u32 length field`);
    const size = recordSize(value.length);
    const record = new Uint8Array(size);
    const view = new DataView(record.buffer);
    record[0] = tag.charCodeAt(0);
    record[1] = tag.charCodeAt(1);
    record[2] = tag.charCodeAt(2);
    record[3] = flags;
    view.setUint32(4, value.length, true);
    record.set(value, RECORD_HEADER_SIZE);
    view.setUint32(size - 4, crc32(record.subarray(0, size - 4)), true);
    const offset = this.sink.length;
    this.sink.append(record);
    this.sig?.records.push(record);
    return { offset, record };
  }
}
