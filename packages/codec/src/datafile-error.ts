/**
 * What is wrong with datafile bytes:
 * - `truncated`: fewer bytes than the header or a record claims;
 * - `bad_magic`: the first 16 bytes are not the datafile magic;
 * - `header_crc`: the file header CRC does not match its first 28 bytes;
 * - `version`: a file format version other than 1;
 * - `bad_header`: an impossible header field (a total length below the header size);
 * - `record_crc`: a record CRC does not match its bytes;
 * - `bad_record`: a record is malformed (non-zero padding, a CLS/SUB/HDR value too short, an
 *   unmatched CLE, a CLS end position that does not point at its CLE, a bad subfile name);
 * - `compression`: a compressed value is not valid zlib data, is also flagged encrypted, or
 *   inflates beyond the allowed size.
 */
export type DatafileErrorCode =
  | 'truncated'
  | 'bad_magic'
  | 'header_crc'
  | 'version'
  | 'bad_header'
  | 'record_crc'
  | 'bad_record'
  | 'compression';

/**
 * Malformed datafile bytes. `offset` is the file offset of the header or record at fault
 * (undefined when a lone value was decoded).
 */
export class DatafileError extends Error {
  readonly code: DatafileErrorCode;
  readonly offset: number | undefined;

  constructor(code: DatafileErrorCode, message: string, offset?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatafileError';
    this.code = code;
    this.offset = offset;
  }
}
