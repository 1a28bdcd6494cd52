export { StreamBuffer } from './stream-buffer';
export { StreamBufferAllocationError } from './errors';
export { SAMPLE_FIELDS, DEFAULT_SAMPLE_FIELDS } from './samples-get';
export type {
  Accumulator,
  SampleField,
  SampleFieldValue,
  SampleSignal,
  SamplesResult,
  SamplesTime,
  SignalStatistics,
  StatisticsCallback,
  StatisticsResult,
  StatisticsUpdate,
  StreamBufferStatus,
} from './types';
