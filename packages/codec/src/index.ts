// ---- Device constants, USB packets, raw samples ----
export {
  MISSING_BITS,
  MISSING_SAMPLE,
  OVERFLOW_BITS,
  SAMPLING_FREQUENCY,
  bitsOf,
  currentCodeOf,
  currentRangeOf,
  rawSampleWord,
  toggleOf,
  voltageCodeOf,
} from './raw-sample';
export {
  PACKET_HEADER_SIZE,
  PACKET_SIZE,
  PACKET_TYPE_DATA,
  SAMPLES_PER_PACKET,
  readPacketHeader,
  writePacket,
  writePacketHeader,
} from './bulk-packet';
export type { PacketHeader } from './bulk-packet';
export { UsbBulkProcessor } from './usb-bulk-processor';
export type { PacketCounters, PacketSink } from './usb-bulk-processor';

// ---- Calibration and the glitch filter (RawProcessor) ----
export { calibrationTables } from './calibration-tables';
export type { CalibrationTables } from './calibration-tables';
export {
  SUPPRESS_DEFAULT_MODE,
  SuppressModeError,
  SuppressType,
  formatSuppressMode,
  parseSuppressMode,
} from './suppress-mode';
export type { SuppressConfig, SuppressMatrix } from './suppress-mode';
export { suppressWindows } from './_suppress-matrices';
export { RawProcessor } from './raw-processor';
export type { BulkResult, RawProcessorCounters, SampleOutput } from './raw-processor';

// ---- Byte helpers shared by the writers ----
export { bytesToHex, hexToBytes } from './hex';
export { ByteSink } from './byte-sink';
export { checkUint } from './check-uint';

// ---- Datafile (TLV) records, signatures, calibration records ----
export { crc32 } from './crc32';
export { DatafileError } from './datafile-error';
export type { DatafileErrorCode } from './datafile-error';
export {
  COLLECTION_START_SIZE,
  COLLECTION_TYPE,
  DATAFILE_HEADER_SIZE,
  DATAFILE_MAGIC,
  DATAFILE_TAG,
  DATAFILE_VERSION,
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
  encodeFileHeader,
  recordPadding,
  recordSize,
} from './datafile-format';
export type { FileHeader } from './datafile-format';
export { HDR_SIZE, decodeHdr, encodeHdr, versionFromU32, versionToU32 } from './datafile-hdr';
export type { HdrRecord } from './datafile-hdr';
export { TIMESTAMP_EPOCH_SECONDS, timestampFromDate, timestampToDate } from './timestamp';
export { DEFAULT_MAX_INFLATED_SIZE, DEFAULT_MAX_TOTAL_INFLATED_SIZE, DatafileReader } from './datafile-reader';
export type {
  CollectionStart,
  DatafileReaderOptions,
  DatafileRecord,
  SignatureCheck,
  SignatureStart,
  SignatureStatus,
  Subfile,
} from './datafile-reader';
export { DatafileWriter } from './datafile-writer';
export type { AppendOptions, SignatureStartOptions } from './datafile-writer';
export {
  EDDSA_PUBLIC_KEY_SIZE,
  EDDSA_SECRET_KEY_SIZE,
  EDDSA_SIGNATURE_SIZE,
  eddsaPublicKey,
  eddsaSign,
  eddsaVerify,
} from './eddsa-blake2b';
export { PUBLIC_KEYS, calibrationPublicKeys } from './public-keys';
export type { PublicKeyName } from './public-keys';
export { CalibrationError } from './calibration-error';
export type { CalibrationErrorCode } from './calibration-error';
export {
  CALIBRATION_CURRENT_ENTRIES,
  CALIBRATION_PRODUCT,
  CALIBRATION_VOLTAGE_ENTRIES,
  defaultCalibration,
  parseCalibration,
  serializeCalibration,
} from './calibration-record';
export type {
  Calibration,
  CalibrationData,
  CalibrationSignatureStatus,
  ParseCalibrationOptions,
  SerializeCalibrationOptions,
} from './calibration-record';
