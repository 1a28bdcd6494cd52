/**
 * What is wrong with a JLS file, or with the store behind it:
 * - `not_jls`: the first 16 bytes are not the JLS v2 identification (a JLS v1 file, another
 *   format, or an empty file);
 * - `header_crc`: the 32-byte file header does not match its CRC;
 * - `version`: a format major version above 1;
 * - `truncated`: a chunk, or a structure the file points to, extends past the end of the file;
 * - `chunk_crc`: a chunk header does not match its CRC;
 * - `payload_crc`: a chunk payload does not match its CRC;
 * - `bad_offset`: a file offset that cannot be a chunk (not on an 8-byte boundary, inside the
 *   file header, past the end, or a list link that does not move forward);
 * - `bad_chunk`: a chunk of the wrong kind where the structure needs another one, or a payload
 *   that contradicts itself (entry counts, entry sizes, unterminated strings, missing
 *   definitions);
 * - `too_large`: a length beyond this reader's limits (`maxChunkSize`), refused before
 *   allocating;
 * - `unsupported`: valid JLS this library cannot decode (24-bit sample types);
 * - `closed`: the reader or writer was closed (or failed) before this call;
 * - `io`: the file, sink or source failed (`cause` holds the original error).
 */
export type JlsErrorCode =
  | 'not_jls'
  | 'header_crc'
  | 'version'
  | 'truncated'
  | 'chunk_crc'
  | 'payload_crc'
  | 'bad_offset'
  | 'bad_chunk'
  | 'too_large'
  | 'unsupported'
  | 'closed'
  | 'io';

/**
 * A JLS file or store fault. `offset` is the byte offset in the file of the header or chunk at
 * fault (undefined where no position applies, for `closed` and most `io` errors).
 */
export class JlsError extends Error {
  /** What kind of fault this is. */
  readonly code: JlsErrorCode;
  /** File offset of the chunk or header at fault. */
  readonly offset: number | undefined;

  constructor(code: JlsErrorCode, message: string, offset?: number, options?: { cause?: unknown }) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`, options);
    this.name = 'JlsError';
    this.code = code;
    this.offset = offset;
  }
}
