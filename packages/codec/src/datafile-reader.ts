/**
 * Reads a datafile held in memory (docs/datafile.md): validates the file header, then walks the
 * records one at a time, checking each CRC (a mismatch is an error here, not a warning as in
 * the reference), inflating compressed values, tracking collections and verifying signatures.
 *
 * Hostile bytes give a `DatafileError`, never another exception: every length is compared with
 * the bytes that remain before it is used, and inflation is limited per value and in total per
 * reader (docs/datafile.md, "Limits"). A signature that does not verify is reported on its SGE
 * record (`signature.verified === false` with the reason), never thrown.
 */
import { eddsaVerify } from './eddsa-blake2b';
import { crc32 } from './crc32';
import { DatafileError } from './datafile-error';
import {
  COLLECTION_START_SIZE,
  DATAFILE_HEADER_SIZE,
  DATAFILE_TAG,
  RECORD_FLAG_COMPRESSED,
  RECORD_FLAG_ENCRYPTED,
  RECORD_HEADER_SIZE,
  RECORD_MIN_SIZE,
  SIGNATURE_FLAG_INCLUDE_START,
  SIGNATURE_FLAG_PAYLOAD_ONLY,
  SIGNATURE_START_SIZE,
  SIGNATURE_TYPE_EDDSA_BLAKE2B,
  SUBFILE_NAME_SIZE,
  decodeFileHeader,
  recordPadding,
} from './datafile-format';
import { bytesEqual } from './_bytes-equal';
import { describeValue } from './_describe';
import { bytesToHex, hex32 } from './hex';
import { InflateLimitError, zlibInflate } from './_zlib';

/** Default limit of one inflated value (256 MiB): far above any record the JS110 tools write. */
export const DEFAULT_MAX_INFLATED_SIZE = 256 * 1024 * 1024;
/** Default limit of all values one reader inflates together (1 GiB): stops zip bombs spread over many records. */
export const DEFAULT_MAX_TOTAL_INFLATED_SIZE = 1024 * 1024 * 1024;

/** Options of `new DatafileReader`. */
export interface DatafileReaderOptions {
  /**
   * Trusted signing keys. When given, a signature whose SGS carries another key is reported as
   * `untrusted_key` without being verified. When omitted, every signature is verified with the
   * key its own SGS carries, which proves integrity but not who signed: check `publicKey`.
   */
  publicKeys?: readonly Uint8Array[];
  /**
   * Largest inflated value in bytes: a non-negative integer, or `Infinity` for no limit
   * (default `DEFAULT_MAX_INFLATED_SIZE`).
   */
  maxInflatedSize?: number;
  /**
   * Largest sum of the values this reader inflates, in bytes: a non-negative integer, or
   * `Infinity` for no limit (default `DEFAULT_MAX_TOTAL_INFLATED_SIZE`). Raise it to read
   * recordings larger than 1 GiB inflated with one reader.
   */
  maxTotalInflatedSize?: number;
}

/** A size limit option: undefined (the default), a non-negative integer or Infinity. */
function sizeLimit(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new TypeError(`DatafileReader ${name} must be a number of bytes, got ${describeValue(value)}`);
  if (value !== Infinity && (!Number.isSafeInteger(value) || value < 0)) {
    throw new RangeError(`DatafileReader ${name} must be a non-negative integer or Infinity, got ${String(value)}`);
  }
  return value;
}

function trustedKeys(value: unknown): readonly Uint8Array[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value) || !value.every((k) => k instanceof Uint8Array)) {
    throw new TypeError(`DatafileReader publicKeys must be an array of Uint8Array keys, got ${describeValue(value)}`);
  }
  return [...value];
}

/** The decoded value of a CLS record. */
export interface CollectionStart {
  /** File offset of the matching CLE record; 0 when unknown (streamed file). */
  endPosition: number;
  id: number;
  /** 0 unstructured, 1 list, 2 map (`COLLECTION_TYPE`). */
  type: number;
  /** Application bytes after the 12-byte fixed part. */
  data: Uint8Array;
}

/** The decoded value of a SUB record. */
export interface Subfile {
  name: string;
  /** A complete nested datafile: read it with `new DatafileReader(data)`. */
  data: Uint8Array;
}

/** The decoded value of a well-formed (40-byte) SGS record. */
export interface SignatureStart {
  /** 1 = EdDSA-BLAKE2b; other types are reported as `unsupported` at the SGE. */
  type: number;
  /** Bit 0: the SGS record is signed too; bit 1: payload-only (unsupported). */
  flags: number;
  publicKey: Uint8Array;
}

/**
 * - `verified`: the signature is valid for the signed bytes and the SGS public key;
 * - `untrusted_key`: the SGS key is not among `publicKeys`, so it was not checked;
 * - `bad_signature`: checked and invalid (the signed bytes or the signature changed);
 * - `malformed`: SGS/SGE missing, out of order, nested or of the wrong size;
 * - `unsupported`: an unknown signature type, or the payload-only flag.
 */
export type SignatureStatus = 'verified' | 'untrusted_key' | 'bad_signature' | 'malformed' | 'unsupported';

/** The outcome of one SGS ... SGE signature, attached to the SGE record. */
export interface SignatureCheck {
  status: SignatureStatus;
  /** `status === 'verified'`. */
  verified: boolean;
  /** Why it is not verified; null when verified. */
  reason: string | null;
  /** The key of the SGS record; null when there was no well-formed SGS. */
  publicKey: Uint8Array | null;
  /** File offset of the SGS record; null when the SGE has none. */
  start: number | null;
  /** File offset of the SGE record. */
  end: number;
  /** The signed bytes are the file bytes [messageStart, end); null without an SGS. */
  messageStart: number | null;
}

/** One record. Byte arrays are views into the input (no copy), except inflated values. */
export interface DatafileRecord {
  /** File offset of the record. */
  offset: number;
  /** Three characters (each byte as one char code). */
  tag: string;
  /** Bit 7 compressed, bit 6 encrypted. */
  flags: number;
  /** Stored value length in bytes (compressed length when compressed). */
  length: number;
  /** Bytes of the whole record: header, value, padding and CRC; a multiple of 8. */
  size: number;
  crc: number;
  /** The complete record bytes exactly as in the file (what signatures cover). */
  raw: Uint8Array;
  /** The value, inflated when the record is compressed. */
  value: Uint8Array;
  /** Collection nesting level: 0 outside collections; a CLS and its CLE share their level. */
  depth: number;
  collection?: CollectionStart;
  subfile?: Subfile;
  signatureStart?: SignatureStart;
  signature?: SignatureCheck;
}

interface OpenCollection {
  offset: number;
  endPosition: number;
}

interface OpenSignature {
  offset: number;
  messageStart: number;
  publicKey: Uint8Array | null;
  /** Set when the signature can no longer verify; reported at its SGE. */
  problem: { status: SignatureStatus; reason: string } | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Walks the records of a datafile held in memory, checking each (see the module comment). */
export class DatafileReader {
  /** The input bytes. */
  readonly bytes: Uint8Array;
  /** Total length from the file header; 0 when the file was streamed (length unknown). */
  readonly headerLength: number;
  /** Bytes read: the header length, or the input size when the header length is 0. */
  readonly length: number;
  /** The outcome of every signature met so far, in file order. */
  readonly signatures: SignatureCheck[] = [];

  private readonly view: DataView;
  private readonly publicKeys: readonly Uint8Array[] | null;
  private readonly maxInflatedSize: number;
  private readonly maxTotalInflatedSize: number;
  private inflatedTotal = 0;
  private pos = DATAFILE_HEADER_SIZE;
  private endSeen = false;
  private readonly collections: OpenCollection[] = [];
  private sig: OpenSignature | null = null;

  /**
   * Validates the options and the file header. Throws TypeError/RangeError for bad options and
   * DatafileError when the bytes are not a datafile.
   */
  constructor(bytes: Uint8Array, options: DatafileReaderOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`DatafileReader options must be an object, got ${describeValue(options)}`);
    }
    const publicKeys = trustedKeys(options.publicKeys);
    const maxInflatedSize = sizeLimit('maxInflatedSize', options.maxInflatedSize, DEFAULT_MAX_INFLATED_SIZE);
    const maxTotal = sizeLimit('maxTotalInflatedSize', options.maxTotalInflatedSize, DEFAULT_MAX_TOTAL_INFLATED_SIZE);
    const header = decodeFileHeader(bytes);
    if (header.length > bytes.length) {
      throw new DatafileError(
        'truncated',
        `datafile header says ${header.length} bytes, only ${bytes.length} are present`,
        0,
      );
    }
    this.bytes = bytes;
    this.headerLength = header.length;
    this.length = header.length === 0 ? bytes.length : header.length;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.publicKeys = publicKeys;
    this.maxInflatedSize = maxInflatedSize;
    this.maxTotalInflatedSize = maxTotal;
  }

  /** Bytes inflated so far by this reader (counted against `maxTotalInflatedSize`). */
  get inflatedSize(): number {
    return this.inflatedTotal;
  }

  /** File offset of the next record. */
  get position(): number {
    return this.pos;
  }

  /** True once the END record was read (false when the data simply ran out). */
  get ended(): boolean {
    return this.endSeen;
  }

  /**
   * The next record, or null after END or when fewer than 16 bytes remain. The END record
   * itself is returned once.
   */
  next(): DatafileRecord | null {
    if (this.endSeen || this.length - this.pos < RECORD_MIN_SIZE) return null;
    const rec = this.readAt(this.pos);
    this.track(rec); // throws before changing anything when the record is out of place
    this.pos += rec.size;
    return rec;
  }

  /**
   * Like `next()`, but a CLS record is returned with its whole collection skipped: the reader
   * jumps to the CLE its end position names (checking that a CLE is there), or reads through
   * to the matching CLE when the position is 0 (unknown).
   */
  skip(): DatafileRecord | null {
    const rec = this.next();
    if (rec === null || rec.collection === undefined) return rec;
    const depth = this.collections.length - 1;
    const endPosition = rec.collection.endPosition;
    if (endPosition === 0) {
      while (this.collections.length > depth) {
        if (this.next() === null) break;
      }
      return rec;
    }
    if (endPosition < this.pos || endPosition > this.length - RECORD_MIN_SIZE || (endPosition - this.pos) % 8 !== 0) {
      throw new DatafileError(
        'bad_record',
        `CLS at ${rec.offset} names end position ${endPosition}, which is not a record offset in [${this.pos}, ${this.length - RECORD_MIN_SIZE}]`,
        rec.offset,
      );
    }
    const cle = this.readAt(endPosition);
    if (cle.tag !== DATAFILE_TAG.CLE) {
      throw new DatafileError('bad_record', `CLS at ${rec.offset} names end position ${endPosition}, which holds ${cle.tag}, not CLE`, rec.offset);
    }
    this.collections.pop();
    this.pos = endPosition + cle.size;
    return rec;
  }

  *[Symbol.iterator](): Generator<DatafileRecord, void, undefined> {
    for (let rec = this.next(); rec !== null; rec = this.next()) yield rec;
  }

  /** Parses and checks the record at `offset` without changing the reader state. */
  private readAt(offset: number): DatafileRecord {
    const bytes = this.bytes;
    const tag = String.fromCharCode(bytes[offset], bytes[offset + 1], bytes[offset + 2]);
    const flags = bytes[offset + 3];
    const length = this.view.getUint32(offset + 4, true);
    const remaining = this.length - offset;
    const padding = recordPadding(length);
    const size = RECORD_HEADER_SIZE + length + padding + 4;
    const name = recordName(tag, offset);
    if (size > remaining) {
      throw new DatafileError('truncated', `${name} claims a ${length}-byte value (${size}-byte record), only ${remaining} bytes remain`, offset);
    }
    const crcAt = offset + size - 4;
    const crc = this.view.getUint32(crcAt, true);
    const computed = crc32(bytes.subarray(offset, crcAt));
    if (crc !== computed) {
      throw new DatafileError('record_crc', `${name}: stored CRC 0x${hex32(crc)} does not match its bytes (0x${hex32(computed)})`, offset);
    }
    const valueEnd = offset + RECORD_HEADER_SIZE + length;
    for (let i = valueEnd; i < crcAt; i++) {
      if (bytes[i] !== 0) throw new DatafileError('bad_record', `${name}: padding byte at ${i} is ${bytes[i]}, padding must be zero`, offset);
    }
    let value = bytes.subarray(offset + RECORD_HEADER_SIZE, valueEnd);
    if (flags & RECORD_FLAG_COMPRESSED) {
      if (flags & RECORD_FLAG_ENCRYPTED) {
        throw new DatafileError('compression', `${name} is flagged both compressed and encrypted; encrypted values cannot be inflated`, offset);
      }
      const budget = this.maxTotalInflatedSize - this.inflatedTotal;
      const limit = Math.min(this.maxInflatedSize, budget);
      try {
        value = zlibInflate(value, limit);
      } catch (e) {
        let what: string;
        if (!(e instanceof InflateLimitError)) what = `is not valid zlib data (${e instanceof Error ? e.message : String(e)})`;
        else if (limit < this.maxInflatedSize) {
          what = `would take the reader past its ${String(this.maxTotalInflatedSize)}-byte total inflation limit (${String(this.inflatedTotal)} bytes inflated before it)`;
        } else what = `exceeds the ${String(this.maxInflatedSize)}-byte limit per inflated value`;
        throw new DatafileError('compression', `${name}: compressed value ${what}`, offset, { cause: e });
      }
      this.inflatedTotal += value.length;
    }
    const rec: DatafileRecord = {
      offset,
      tag,
      flags,
      length,
      size,
      crc,
      raw: bytes.subarray(offset, offset + size),
      value,
      depth: this.collections.length,
    };
    if (tag === DATAFILE_TAG.CLS) rec.collection = decodeCollectionStart(value, name, offset);
    else if (tag === DATAFILE_TAG.SUB) rec.subfile = decodeSubfile(value, name, offset);
    else if (tag === DATAFILE_TAG.SGS && value.length === SIGNATURE_START_SIZE) {
      rec.signatureStart = { type: value[0], flags: value[1], publicKey: value.subarray(8, SIGNATURE_START_SIZE) };
    }
    return rec;
  }

  /** Updates collections, signatures and END for a record just read in sequence. */
  private track(rec: DatafileRecord): void {
    switch (rec.tag) {
      case DATAFILE_TAG.END:
        this.endSeen = true;
        break;
      case DATAFILE_TAG.CLS:
        this.collections.push({ offset: rec.offset, endPosition: (rec.collection as CollectionStart).endPosition });
        break;
      case DATAFILE_TAG.CLE: {
        const open = this.collections.at(-1);
        if (open === undefined) {
          throw new DatafileError('bad_record', `CLE at ${rec.offset} has no open CLS`, rec.offset);
        }
        if (open.endPosition !== 0 && open.endPosition !== rec.offset) {
          throw new DatafileError(
            'bad_record',
            `CLS at ${open.offset} names end position ${open.endPosition}, but its CLE is at ${rec.offset}`,
            open.offset,
          );
        }
        this.collections.pop();
        rec.depth = this.collections.length;
        break;
      }
      case DATAFILE_TAG.SGS:
        this.signatureStart(rec);
        break;
      case DATAFILE_TAG.SGE:
        rec.signature = this.signatureEnd(rec);
        this.signatures.push(rec.signature);
        break;
    }
  }

  private signatureStart(rec: DatafileRecord): void {
    if (this.sig !== null) {
      // Signatures do not nest: the open one can no longer be trusted to mean what it seems.
      this.sig.problem ??= {
        status: 'malformed',
        reason: `SGS at ${rec.offset} opens inside the signature started at ${this.sig.offset}; signatures do not nest`,
      };
      return;
    }
    const start = rec.signatureStart;
    const sig: OpenSignature = {
      offset: rec.offset,
      messageStart: rec.offset + rec.size,
      publicKey: start?.publicKey ?? null,
      problem: null,
    };
    if (start === undefined) {
      sig.problem = { status: 'malformed', reason: `SGS at ${rec.offset} has a ${rec.value.length}-byte value, expected ${SIGNATURE_START_SIZE}` };
    } else if (start.type !== SIGNATURE_TYPE_EDDSA_BLAKE2B) {
      sig.problem = { status: 'unsupported', reason: `SGS at ${rec.offset} has signature type ${start.type}, only ${SIGNATURE_TYPE_EDDSA_BLAKE2B} (EdDSA-BLAKE2b) is supported` };
    } else if (start.flags & SIGNATURE_FLAG_PAYLOAD_ONLY) {
      sig.problem = { status: 'unsupported', reason: `SGS at ${rec.offset} asks for a payload-only signature (flags bit 1), which is not supported` };
    } else if (this.publicKeys !== null && !this.publicKeys.some((k) => bytesEqual(k, start.publicKey))) {
      sig.problem = { status: 'untrusted_key', reason: `SGS at ${rec.offset} is signed by key ${bytesToHex(start.publicKey)}, which is not a trusted key` };
    } else if (start.flags & SIGNATURE_FLAG_INCLUDE_START) {
      sig.messageStart = rec.offset;
    }
    this.sig = sig;
  }

  private signatureEnd(rec: DatafileRecord): SignatureCheck {
    const sig = this.sig;
    this.sig = null;
    const check = (status: SignatureStatus, reason: string | null): SignatureCheck => ({
      status,
      verified: status === 'verified',
      reason,
      publicKey: sig?.publicKey ?? null,
      start: sig?.offset ?? null,
      end: rec.offset,
      messageStart: sig?.messageStart ?? null,
    });
    if (sig === null) return check('malformed', `SGE at ${rec.offset} has no preceding SGS`);
    if (sig.problem !== null) return check(sig.problem.status, sig.problem.reason);
    if (rec.value.length !== 64) {
      return check('malformed', `SGE at ${rec.offset} has a ${rec.value.length}-byte value, expected a 64-byte signature`);
    }
    const message = this.bytes.subarray(sig.messageStart, rec.offset);
    if (!eddsaVerify(rec.value, message, sig.publicKey as Uint8Array)) {
      return check('bad_signature', `signature at ${rec.offset} does not match bytes [${sig.messageStart}, ${rec.offset}) and key ${bytesToHex(sig.publicKey as Uint8Array)}`);
    }
    return check('verified', null);
  }
}

function recordName(tag: string, offset: number): string {
  return `record ${JSON.stringify(tag)} at ${offset}`;
}

function decodeCollectionStart(value: Uint8Array, name: string, offset: number): CollectionStart {
  if (value.length < COLLECTION_START_SIZE) {
    throw new DatafileError('bad_record', `${name}: CLS value is ${value.length} bytes, at least ${COLLECTION_START_SIZE} are required`, offset);
  }
  const view = new DataView(value.buffer, value.byteOffset, COLLECTION_START_SIZE);
  return {
    endPosition: view.getUint32(0, true) + view.getUint32(4, true) * 0x1_0000_0000,
    id: view.getUint16(8, true),
    type: value[10],
    data: value.subarray(COLLECTION_START_SIZE),
  };
}

function decodeSubfile(value: Uint8Array, name: string, offset: number): Subfile {
  if (value.length < SUBFILE_NAME_SIZE) {
    throw new DatafileError('bad_record', `${name}: SUB value is ${value.length} bytes, at least the ${SUBFILE_NAME_SIZE}-byte name field is required`, offset);
  }
  const nul = value.subarray(0, SUBFILE_NAME_SIZE).indexOf(0);
  if (nul < 0) {
    throw new DatafileError('bad_record', `${name}: subfile name is not NUL-terminated within ${SUBFILE_NAME_SIZE} bytes`, offset);
  }
  let subName: string;
  try {
    subName = utf8.decode(value.subarray(0, nul));
  } catch (e) {
    throw new DatafileError('bad_record', `${name}: subfile name is not valid UTF-8`, offset, { cause: e });
  }
  return { name: subName, data: value.subarray(SUBFILE_NAME_SIZE) };
}
