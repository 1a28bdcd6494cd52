export { JlsWriter } from './writer';
export { JlsReader, MAX_READ_SAMPLES, MAX_STATISTICS_ROWS } from './reader';
export type { JlsInput, JlsReaderOptions } from './reader';
export { JlsError } from './errors';
export type { JlsErrorCode } from './errors';
export { MemorySink, syncAccessHandleSink, writableFileStreamSink } from './sink';
export type { JlsSink, SyncAccessHandleLike, WritableFileStreamLike } from './sink';
export { blobSource, bytesSource, syncAccessHandleSource } from './source';
export type { BlobLike, JlsSource } from './source';
export { DATA_TYPES, dataTypeBits, dataTypeName } from './data-type';
export type { DataType, SampleArray, SampleArrayOf } from './data-type';
export { TIME64_EPOCH_UNIX_SECONDS, TIME64_SECOND, time64FromDate, time64FromUnixMs, time64ToDate, time64ToUnixMs } from './time64';
export type {
  Annotation,
  AnnotationType,
  JsonValue,
  SignalDef,
  SignalInfo,
  SourceDef,
  SourceInfo,
  StorageType,
  UserDataEntry,
  UserDataValue,
  UtcEntry,
} from './records';
export type { SampleInput } from './_samples';
export { JS110_SIGNALS, Js110Recorder } from './recorder';
export type { Js110Block, Js110RecorderOptions, Js110SignalName } from './recorder';
