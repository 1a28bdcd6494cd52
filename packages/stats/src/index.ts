export { STATS_FIELDS, STATS_FIELD_COUNT, FIELD } from './fields';
export type { StatsField } from './fields';
export { RunningStats } from './running-stats';
export { StatsArray } from './stats-array';
export type { StatsRecord } from './stats-array';
export { accumulate, blockStats } from './block-stats';
export type { NumericArray } from './block-stats';
