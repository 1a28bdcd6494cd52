/**
 * Units of what the buffer reports (docs/stream-buffer.md, "Units"). Calibrated values are in
 * A, V and W (`SIGNAL_UNITS` of @joulescope/stats); before any `calibrationSet` they are the raw
 * ADC codes, so they say `LSB` (and `LSB²` for their product) rather than pass for amperes.
 */
import { SIGNAL_UNITS } from '@joulescope/stats';
import type { StatsField } from '@joulescope/stats';
import type { SampleField } from './types';

const UNCALIBRATED: Record<StatsField, string> = {
  current: 'LSB',
  voltage: 'LSB',
  power: 'LSB²',
  current_range: '',
  current_lsb: '',
  voltage_lsb: '',
};

/** Units of a statistics field. */
export function signalUnits(field: StatsField, calibrated: boolean): string {
  return (calibrated ? SIGNAL_UNITS : UNCALIBRATED)[field];
}

/** Units of the integral of current and power: C and J, or LSB·s and LSB²·s uncalibrated. */
export function integralUnits(field: 'current' | 'power', calibrated: boolean): 'C' | 'J' | 'LSB·s' | 'LSB²·s' {
  if (field === 'current') return calibrated ? 'C' : 'LSB·s';
  return calibrated ? 'J' : 'LSB²·s';
}

/** Units of a `samplesGet` field. */
export function sampleFieldUnits(field: SampleField, calibrated: boolean): string {
  switch (field) {
    case 'raw':
    case 'raw_current':
    case 'raw_voltage':
      return 'LSBs';
    case 'current':
    case 'voltage':
    case 'power':
      return signalUnits(field, calibrated);
    default:
      return '';
  }
}
