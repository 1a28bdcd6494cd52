/** The six statistics fields of every Joulescope statistics row, in storage order. */
export const STATS_FIELDS = ['current', 'voltage', 'power', 'current_range', 'current_lsb', 'voltage_lsb'] as const;

/** The name of one statistics field. */
export type StatsField = (typeof STATS_FIELDS)[number];

/** Number of fields per statistics row. */
export const STATS_FIELD_COUNT = 6;

/** Field index of each name, for code that addresses `row * 6 + field`. */
export const FIELD = {
  current: 0,
  voltage: 1,
  power: 2,
  current_range: 3,
  current_lsb: 4,
  voltage_lsb: 5,
} as const satisfies Record<StatsField, number>;

/**
 * The SI unit of each statistics field: amperes, volts and watts; the range index and the two
 * LSB bits have none (`''`).
 */
export const SIGNAL_UNITS = {
  current: 'A',
  voltage: 'V',
  power: 'W',
  current_range: '',
  current_lsb: '',
  voltage_lsb: '',
} as const satisfies Record<StatsField, string>;
