// ---- The Device API ----
export { scan } from './scan';
export type { ScanOptions } from './scan';
export type { EmulatedOption } from './_driver';
export { open } from './open';
export type { OpenOptions } from './open';
export { requestDevice } from './request-device';
export { Device } from './device';
export type { DeviceEvents, DeviceStop, ReadFieldsOptions, ReadOptions, ReadResult, SamplesEvent, StartOptions, StopReason } from './device';
export type { DeviceDetails } from './device-details';
export type { CalibrationState, DeviceCalibration } from './calibration-state';
export type { StatisticsIteratorOptions, StatisticsListener, StatisticsStream, Unsubscribe } from './statistics-stream';
export type { DeviceAccumulator, DeviceStatistics, SampleLoss, SignalName, SignalSummaries, SignalSummary } from './statistics-update';
export { capture } from './capture';
export type { CaptureOptions, CaptureSummary, CaptureWriter } from './capture';
export { csvWriter, rawWriter } from './capture-writers';
export { jlsWriter, readRecording } from './jls-writer';
export type { RecordingContents, RecordingInfo, RecordingSignal } from './jls-writer';
export type { ByteOutput } from './capture-writers';
export { CsvEncoder } from './csv-encoder';
export type { SampleChunk } from './sample-chunk';
export { StatisticsSummary } from './statistics-summary';
export type { StatisticsTotals } from './statistics-summary';
export { BUFFER_PARAMETERS, DEFAULT_BUFFER_SETTINGS, REDUCTION_FREQUENCIES, reductionsFor } from './buffer-parameters';
export type { BufferParameter, BufferSettings } from './buffer-parameters';

// ---- The layers, curated ----
export { STATS_FIELDS, StatsArray } from '@joulescope/stats';
export type { StatsField } from '@joulescope/stats';
export { parseCalibration } from '@joulescope/codec';
export type { Calibration } from '@joulescope/codec';
export { DownsamplingStreamBuffer, StreamBuffer } from '@joulescope/stream-buffer';
export type { SampleBuffer, SampleField, SamplesInto, SamplesResult, StatisticsUpdate, StreamBufferStatus } from '@joulescope/stream-buffer';
export { JlsError, JlsReader, JlsWriter, Js110Recorder } from '@joulescope/jls';
export type { JlsInput, JlsSink, JlsSource } from '@joulescope/jls';
export { Js110, Js110Error, PARAMETERS } from '@joulescope/driver';
export type { DeviceInfo, Js110ErrorCode, LogFunction } from '@joulescope/driver';
export { EmulatedJs110, constantSignal, firmwareLikeSignal } from '@joulescope/driver/emulator';
export type { EmulatorFault, EmulatorOptions, EmulatorSignal } from '@joulescope/driver/emulator';
