export { FIELD, SIGNAL_UNITS, STATS_FIELDS, STATS_FIELD_COUNT } from './fields';
export type { StatsField } from './fields';
export { sampleVariance } from './sample-variance';
export { RunningStats } from './running-stats';
export type { NumericArray } from './running-stats';
export { StatsArray } from './stats-array';
export type { FieldStats } from './stats-array';
export {
  STATS_RECORD_LENGTH,
  statsRecordClear,
  statsRecordCombine,
  statsRecordReduce,
  statsRecordToRow,
} from './stats-record';
