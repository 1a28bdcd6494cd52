/**
 * The plain records the writer takes and the reader returns (docs/jls.md, "What a file holds").
 * Sample ids and lengths are numbers; UTC times (time64) are bigints.
 */
import type { JsonValue } from './_python-json';
import type { DataType } from './data-type';

/** A JSON value (arrays and plain objects of JSON values, strings, numbers, booleans, null). */
export type { JsonValue };

/** A source: the instrument that produced the signals (`JS110-000415`, Jetperch LLC, ...). */
export interface SourceDef {
  /** 1..255 (0 is the file's reserved global source). */
  sourceId: number;
  name: string;
  vendor?: string;
  model?: string;
  version?: string;
  serialNumber?: string;
}

/** A source as read back: every field present. */
export type SourceInfo = Required<SourceDef>;

/**
 * A fixed-sample-rate signal. The four sizing fields (0 or absent: the C library's defaults for
 * the sample size) are rounded as the C library rounds them; the file stores the result.
 */
export interface SignalDef {
  /** 1..255 (0 is the file's reserved annotation signal). */
  signalId: number;
  /** A source defined earlier. */
  sourceId: number;
  /** Only fixed-sample-rate signals hold samples in JLS v2. */
  signalType?: 'fsr';
  dataType: DataType;
  /** Samples per second, an integer 1..2^32 - 1. */
  sampleRate: number;
  name: string;
  units?: string;
  samplesPerData?: number;
  sampleDecimateFactor?: number;
  entriesPerSummary?: number;
  summaryDecimateFactor?: number;
  annotationDecimateFactor?: number;
  utcDecimateFactor?: number;
}

/** A signal as read back. */
export interface SignalInfo {
  signalId: number;
  sourceId: number;
  /** `'vsr'` only for the reserved signal 0, which holds annotations, never samples. */
  signalType: 'fsr' | 'vsr';
  dataType: DataType;
  /** The u32 code on disk (`DATA_TYPES[dataType]`). */
  dataTypeCode: number;
  sampleRate: number;
  name: string;
  units: string;
  samplesPerData: number;
  sampleDecimateFactor: number;
  entriesPerSummary: number;
  summaryDecimateFactor: number;
  annotationDecimateFactor: number;
  utcDecimateFactor: number;
  /** The file sample id of API sample 0 (the first sample the writer got). */
  sampleIdOffset: number;
  /** Samples held (FSR); 0 for VSR. */
  length: number;
}

/** Annotation kinds: the UI draws `vmarker` and `hmarker` as markers, `text` as a labelled point. */
export type AnnotationType = 'user' | 'text' | 'vmarker' | 'hmarker';

/** How user data and annotation data are stored. */
export type StorageType = 'binary' | 'string' | 'json';

/** What `userData` and `annotation` store: text, bytes, or any other JSON value. */
export type UserDataValue = string | Uint8Array | JsonValue;

/** An annotation as read back. */
export interface Annotation {
  /** API sample id (0-based). */
  sampleId: number;
  /** Vertical position; NaN means "place automatically". */
  y: number;
  type: AnnotationType;
  /** 0..255: the UI's marker group or text shape. */
  groupId: number;
  storage: StorageType;
  data: string | Uint8Array | JsonValue;
}

/** One entry of a signal's sample-to-UTC map. */
export interface UtcEntry {
  /** API sample id (0-based). */
  sampleId: number;
  time64: bigint;
}

/** One user-data record. */
export interface UserDataEntry {
  /** The application's 12-bit value (0 = notes in the Joulescope UI). */
  chunkMeta: number;
  storage: StorageType;
  data: string | Uint8Array | JsonValue;
}
