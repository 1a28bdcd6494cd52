import { DATAFILE_HEADER_SIZE, decodeFileHeader } from '@joulescope/codec';
import { Js110ProtocolError, Js110RangeError, Js110TypeError } from './errors';
import { CALIBRATION_CHUNK_SIZE, CALIBRATION_MAX_SIZE, CalibrationSlot, type CalibrationWhich } from './protocol';

/** One CALIBRATION IN request: wValue = record, wIndex = byte offset, wLength = length. */
export type CalibrationRequest = (value: number, index: number, length: number) => Promise<Uint8Array>;

/**
 * Reads a calibration record from the device in chunks (docs/protocol.md, "Calibration"): the 32-byte
 * datafile header gives the total length, then requests of min(4096, length) bytes at
 * increasing offsets (the length is not reduced for the last chunk; the device returns what
 * remains) until the whole record is in.
 */
export async function readCalibrationRecord(request: CalibrationRequest, which: CalibrationWhich): Promise<Uint8Array> {
  if (typeof request !== 'function') throw new Js110TypeError('readCalibrationRecord needs a request function (value, index, length) => Promise<Uint8Array>');
  if (which !== 'factory' && which !== 'active') throw new Js110RangeError(`readCalibrationRecord reads 'factory' or 'active', got ${String(which)}`);
  const slot = CalibrationSlot[which];
  const head = await request(slot, 0, DATAFILE_HEADER_SIZE);
  let length: number;
  try {
    length = decodeFileHeader(head).length;
  } catch (error) {
    throw new Js110ProtocolError(`the ${which} calibration record has no valid datafile header: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (length < DATAFILE_HEADER_SIZE || length > CALIBRATION_MAX_SIZE) {
    throw new Js110ProtocolError(
      `the ${which} calibration record length ${String(length)} is outside ${String(DATAFILE_HEADER_SIZE)}..${String(CALIBRATION_MAX_SIZE)} bytes`,
    );
  }
  const record = new Uint8Array(length);
  const chunk = Math.min(CALIBRATION_CHUNK_SIZE, length);
  let offset = 0;
  while (offset < length) {
    const part = await request(slot, offset, chunk);
    if (part.length === 0) {
      throw new Js110ProtocolError(`the ${which} calibration read returned no data at offset ${String(offset)} of ${String(length)}`);
    }
    const take = Math.min(part.length, length - offset);
    record.set(part.subarray(0, take), offset);
    offset += take;
  }
  return record;
}
