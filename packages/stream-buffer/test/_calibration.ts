// The calibration of the conformance scenarios (the fixture calibration_01.dat values), for
// tests and the bench.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ScenarioCalibration {
  current_offset: number[];
  current_gain: number[];
  voltage_offset: number[];
  voltage_gain: number[];
}

const file = join(import.meta.dirname, 'fixtures/conformance/stream_default_mode/expected.json');
const c = (JSON.parse(readFileSync(file, 'utf8')) as { calibration: ScenarioCalibration }).calibration;

export const CALIBRATION = {
  currentOffset: c.current_offset,
  currentGain: c.current_gain,
  voltageOffset: c.voltage_offset,
  voltageGain: c.voltage_gain,
} as const;
