export { StreamBuffer } from './stream-buffer';
export { DOWNSAMPLING_OUTPUT_FREQUENCIES, DownsamplingStreamBuffer } from './downsampling-stream-buffer';
export { StreamBufferAllocationError, StreamBufferBusyError, StreamBufferKernelError } from './errors';
export { SAMPLE_FIELDS, DEFAULT_SAMPLE_FIELDS } from './samples-get';
export type { SampleBuffer } from './sample-buffer';
export type {
  Accumulator,
  SampleField,
  SampleFieldValue,
  SampleSignal,
  SamplesInto,
  SamplesResult,
  SamplesTime,
  SignalStatistics,
  StatisticsCallback,
  StatisticsResult,
  StatisticsUpdate,
  StreamBufferStatus,
} from './types';
