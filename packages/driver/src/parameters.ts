import { ParameterNameError, ParameterValueError } from './errors';

/**
 * The JS110 parameters (docs/protocol.md, "Parameters"): names, option names, values, aliases and defaults,
 * with the reference's lookup rules.
 */

/** Where a parameter goes: a SETTINGS or EXTIO field, the host, the glitch filter, etc. */
export type ParameterPath = 'setting' | 'extio' | 'host' | 'glitch' | 'buffer' | 'virtual' | 'info';
export type ParameterFlag = 'developer' | 'skip_update' | 'hidden' | 'read_only';
/** An option value: most are numbers, the glitch-filter ones are strings. */
export type ParameterValue = number | string;
/** What `parameterSet` accepts: an option name, an alias, an option value, or null / false. */
export type ParameterInput = string | number | boolean | null;
type Alias = string | number | null;

export interface ParameterOption {
  readonly name: string;
  readonly value: ParameterValue;
  readonly aliases: readonly Alias[];
}

export interface ParameterDefinition {
  readonly name: string;
  readonly brief: string;
  readonly path: ParameterPath;
  /** The SETTINGS or EXTIO field this parameter fills (setting / extio paths). */
  readonly field?: string;
  /** The default option name, or null when there is none. */
  readonly default: string | null;
  readonly options: readonly ParameterOption[];
  readonly units?: string;
  readonly flags: readonly ParameterFlag[];
}

const opt = (name: string, value: ParameterValue, ...aliases: Alias[]): ParameterOption =>
  Object.freeze({ name, value, aliases: Object.freeze(aliases) });

/** Options named by their integer value, e.g. '8' = 8, optionally with the integer as alias. */
const intOptions = (values: readonly number[], intAlias: boolean): ParameterOption[] =>
  values.map((v) => (intAlias ? opt(String(v), v, v) : opt(String(v), v)));

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const FREQUENCIES: readonly [string, number][] = [
  ['1 MHz', 1_000_000], ['500 kHz', 500_000], ['200 kHz', 200_000], ['100 kHz', 100_000], ['50 kHz', 50_000],
  ['20 kHz', 20_000], ['10 kHz', 10_000], ['5 kHz', 5_000], ['2 kHz', 2_000], ['1 kHz', 1_000], ['500 Hz', 500],
  ['200 Hz', 200], ['100 Hz', 100], ['50 Hz', 50], ['20 Hz', 20], ['10 Hz', 10],
];

const DURATIONS: readonly [string, number][] = [
  ['15 seconds', 15], ['30 seconds', 30], ['1 minute', 60], ['2 minutes', 120], ['5 minutes', 300],
  ['10 minutes', 600], ['20 minutes', 1200], ['1 hour', 3600], ['2 hours', 7200], ['5 hours', 18000],
  ['10 hours', 36000], ['1 day', 86400],
];

const def = (d: ParameterDefinition): ParameterDefinition =>
  Object.freeze({ ...d, options: Object.freeze(d.options), flags: Object.freeze(d.flags) });

const LSB_OPTIONS = [opt('normal', 0), opt('gpi0', 2), opt('gpi1', 3)];
const GPO_OPTIONS = [opt('0', 0, 0), opt('1', 1, 1)];

/** Every JS110 parameter, in the reference's order. */
export const PARAMETERS: readonly ParameterDefinition[] = Object.freeze([
  def({ name: 'sensor_power', brief: 'Sensor power', path: 'setting', field: 'sensorPower', default: 'on',
    options: [opt('off', 0), opt('on', 1)], flags: ['developer'] }),
  def({ name: 'source', brief: 'Streaming data source', path: 'setting', field: 'source', default: 'off',
    options: [opt('off', 0x00), opt('raw', 0xc0, 'on'), opt('pattern_usb', 0x09), opt('pattern_control', 0x0a), opt('pattern_sensor', 0xaf)],
    flags: ['developer'] }),
  def({ name: 'i_range', brief: 'Current range', path: 'setting', field: 'iRange', default: 'off',
    options: [
      opt('auto', 0x80, 'on'), opt('10 A', 0x01, '0', 0), opt('2 A', 0x02, '1', 1), opt('180 mA', 0x04, '2', 2),
      opt('18 mA', 0x08, '3', 3), opt('1.8 mA', 0x10, '4', 4), opt('180 µA', 0x20, '5', 5), opt('18 µA', 0x40, '6', 6),
      opt('off', 0x00),
    ],
    flags: [] }),
  def({ name: 'v_range', brief: 'Voltage range', path: 'setting', field: 'vRange', default: '15V',
    options: [opt('15V', 0, 'low', 0), opt('5V', 1, 'high', 1)], flags: [] }),
  def({ name: 'ovr_to_lsb', brief: 'Map ADC overflow onto the sample LSBs', path: 'setting', field: 'ovrToLsb', default: 'off',
    options: [opt('off', 0), opt('on', 1)], flags: ['developer'] }),
  def({ name: 'control_test_mode', brief: 'SETTINGS streaming byte while streaming', path: 'setting', field: 'streaming',
    default: 'normal', options: [opt('normal', 0x03), opt('usb', 0x81), opt('fpga', 0x82), opt('both', 0x83)],
    flags: ['developer'] }),
  def({ name: 'transfer_length', brief: 'Bulk transfer size', path: 'host', default: '256',
    options: intOptions([1, 2, 4, 8, 16, 32, 64, 128, 256], false), units: 'packets', flags: ['developer', 'skip_update'] }),
  def({ name: 'transfer_outstanding', brief: 'Bulk transfers kept queued', path: 'host', default: '8',
    options: intOptions([1, 2, 4, 8], false), flags: ['developer', 'skip_update'] }),
  def({ name: 'trigger_source', brief: 'Trigger source', path: 'extio', field: 'triggerSource', default: 'auto',
    options: [opt('auto', 0), opt('gpi0', 2), opt('gpi1', 3)], flags: ['hidden'] }),
  def({ name: 'io_voltage', brief: 'GPI/O voltage', path: 'extio', field: 'ioVoltage', default: '3.3V',
    options: [
      opt('1.8V', 1800), opt('2.1V', 2100), opt('2.5V', 2500), opt('2.7V', 2700), opt('3.0V', 3000),
      opt('3.3V', 3300), opt('3.6V', 3600), opt('5.0V', 5000),
    ],
    units: 'mV', flags: [] }),
  def({ name: 'gpo0', brief: 'General purpose output 0', path: 'extio', field: 'gpo0', default: '0', options: GPO_OPTIONS, flags: [] }),
  def({ name: 'gpo1', brief: 'General purpose output 1', path: 'extio', field: 'gpo1', default: '0', options: GPO_OPTIONS, flags: [] }),
  def({ name: 'current_lsb', brief: 'Current LSB source', path: 'extio', field: 'currentLsb', default: 'normal',
    options: LSB_OPTIONS, flags: [] }),
  def({ name: 'voltage_lsb', brief: 'Voltage LSB source', path: 'extio', field: 'voltageLsb', default: 'normal',
    options: LSB_OPTIONS, flags: [] }),
  def({ name: 'current_ranging', brief: 'Glitch filter as type_pre_window_post', path: 'virtual', default: null,
    options: [], flags: ['hidden'] }),
  def({ name: 'current_ranging_type', brief: 'Glitch filter type', path: 'glitch', default: 'interp',
    options: [opt('off', 'off'), opt('mean', 'mean'), opt('interp', 'interp', 'interpolate'), opt('NaN', 'nan', 'nan')],
    flags: [] }),
  def({ name: 'current_ranging_samples_pre', brief: 'Glitch filter samples before (mean only)', path: 'glitch', default: '1',
    options: intOptions(range(0, 8), true), flags: [] }),
  def({ name: 'current_ranging_samples_window', brief: 'Glitch filter window', path: 'glitch', default: 'n',
    options: [opt('m', 'm'), opt('n', 'n'), ...intOptions(range(0, 12), true)], flags: [] }),
  def({ name: 'current_ranging_samples_post', brief: 'Glitch filter samples after (mean only)', path: 'glitch', default: '1',
    options: intOptions(range(0, 8), true), flags: [] }),
  def({ name: 'buffer_duration', brief: 'Stream buffer duration (next open)', path: 'buffer', default: '30 seconds',
    options: DURATIONS.map(([n, v]) => opt(n, v, v)), units: 'seconds', flags: ['skip_update'] }),
  def({ name: 'reduction_frequency', brief: 'Statistics rate (next open)', path: 'buffer', default: '2 Hz',
    options: [100, 50, 20, 10, 5, 2, 1].map((v) => opt(`${String(v)} Hz`, v, v)), units: 'Hz', flags: ['skip_update'] }),
  def({ name: 'sampling_frequency', brief: 'Output sampling rate (next open)', path: 'buffer', default: '2 MHz',
    options: [opt('2 MHz', 2_000_000, 2_000_000, 'auto', null, 'default'), ...FREQUENCIES.map(([n, v]) => opt(n, v, v))],
    units: 'Hz', flags: ['skip_update'] }),
  def({ name: 'model', brief: 'Device model', path: 'info', default: null, options: [], flags: ['read_only'] }),
  def({ name: 'device_serial_number', brief: 'Device serial number', path: 'info', default: null, options: [], flags: ['read_only'] }),
  def({ name: 'hardware_serial_number', brief: 'Hardware (MCU) serial number', path: 'info', default: null, options: [],
    flags: ['read_only'] }),
]);

const BY_NAME = new Map(PARAMETERS.map((d) => [d.name, d]));

/** Lookup tables built like the reference's dicts: names and aliases, later entries win. */
interface Lookup {
  toValue: Map<Alias, ParameterValue>;
  toName: Map<ParameterValue, string>;
}
const LOOKUPS = new Map<string, Lookup>();
for (const d of PARAMETERS) {
  const toValue = new Map<Alias, ParameterValue>();
  const toName = new Map<ParameterValue, string>();
  for (const o of d.options) {
    toValue.set(o.name, o.value);
    for (const a of o.aliases) toValue.set(a, o.value);
    toName.set(o.value, o.name);
  }
  LOOKUPS.set(d.name, { toValue, toName });
}

/** The definition of parameter `name` (exact, case-sensitive). */
export function parameterDefinition(name: string): ParameterDefinition {
  const d = BY_NAME.get(name);
  if (d === undefined) {
    throw new ParameterNameError(`unknown parameter "${String(name)}"; known: ${PARAMETERS.map((p) => p.name).join(', ')}`);
  }
  return d;
}

/**
 * The value that `input` selects for parameter `name`, by the lookup rules: an option name or
 * an alias (exact; numbers and strings are distinct keys; `true`/`false` count as 1/0 as in
 * Python). As an extension, a number that is no alias selects the option with that value
 * (so `parameterValue('source', 0xc0)` is `raw`); an alias always wins (`i_range` 1 is `2 A`).
 * `buffer_duration` also takes any duration ≥ 0 in seconds, rounded as the reference does.
 */
export function parameterValue(name: string, input: ParameterInput): ParameterValue {
  const d = parameterDefinition(name);
  const lookup = LOOKUPS.get(name) as Lookup;
  const key: Alias = typeof input === 'boolean' ? (input ? 1 : 0) : input;
  const byAlias = lookup.toValue.get(key);
  if (byAlias !== undefined) return byAlias;
  if (typeof key === 'number' && lookup.toName.has(key)) return key;
  if (name === 'buffer_duration') return bufferDuration(key);
  const allowed = d.options.map((o) => JSON.stringify(o.name)).join(', ');
  throw new ParameterValueError(
    `parameter "${name}" does not accept ${JSON.stringify(input)}; allowed: ${allowed || 'nothing (read-only)'} or their aliases`,
  );
}

/** The option name of `value` for parameter `name`, or the value itself if no option has it. */
export function parameterValueName(name: string, value: ParameterValue): string | number {
  parameterDefinition(name);
  return (LOOKUPS.get(name) as Lookup).toName.get(value) ?? value;
}

/** The reference's validator: a number of seconds ≥ 0, rounded with int(x + 0.5001). */
function bufferDuration(input: Alias): number {
  const x = typeof input === 'string' && input.trim() !== '' ? Number(input) : input;
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) {
    throw new ParameterValueError(
      `buffer_duration must be a duration option (e.g. "30 seconds") or a number of seconds ≥ 0, got ${JSON.stringify(input)}`,
    );
  }
  return Math.trunc(x + 0.5001);
}

/** The four glitch-filter parameters that `current_ranging` joins. */
export const CURRENT_RANGING_PARTS = Object.freeze([
  'current_ranging_type',
  'current_ranging_samples_pre',
  'current_ranging_samples_window',
  'current_ranging_samples_post',
] as const);

/**
 * Cached parameter values of one device: starts at the defaults (every parameter with a
 * default that is not read-only) and applies the lookup rules. Side effects (SETTINGS, EXTIO)
 * are the driver's business.
 */
export class ParameterStore {
  private readonly values = new Map<string, ParameterValue>();

  constructor() {
    for (const d of PARAMETERS) {
      if (d.default !== null && !d.flags.includes('read_only')) this.values.set(d.name, parameterValue(d.name, d.default));
    }
  }

  /**
   * Sets `name` from `input` and returns the parameters that changed with their new values.
   * `current_ranging` sets its four parts from `type_pre_window_post`, or only the type to
   * `off` for null, false or 'off'. Read-only parameters throw here; the driver filters them.
   */
  set(name: string, input: ParameterInput): Map<string, ParameterValue> {
    const d = parameterDefinition(name);
    if (d.flags.includes('read_only')) throw new ParameterValueError(`parameter "${name}" is read-only`);
    const updates = new Map<string, ParameterValue>();
    if (d.path === 'virtual') {
      if (input === null || input === false || input === 'off') {
        updates.set('current_ranging_type', 'off');
      } else {
        const parts = typeof input === 'string' ? input.split('_') : [];
        if (parts.length !== 4) {
          throw new ParameterValueError(
            `current_ranging takes "type_pre_window_post" (e.g. "interp_1_n_1"), null, false or "off", got ${JSON.stringify(input)}`,
          );
        }
        // Resolve all four first so that a bad part changes nothing.
        CURRENT_RANGING_PARTS.forEach((part, i) => updates.set(part, parameterValue(part, parts[i])));
      }
    } else {
      updates.set(name, parameterValue(name, input));
    }
    for (const [k, v] of updates) this.values.set(k, v);
    return updates;
  }

  /** The cached value of a parameter that has one. */
  value(name: string): ParameterValue {
    parameterDefinition(name);
    if (name === 'current_ranging') return this.currentRanging();
    const v = this.values.get(name);
    if (v === undefined) throw new ParameterValueError(`parameter "${name}" has no cached value`);
    return v;
  }

  /** The cached value as its option name (the form the reference returns). */
  name(name: string): string | number {
    if (name === 'current_ranging') return this.currentRanging();
    return parameterValueName(name, this.value(name));
  }

  private currentRanging(): string {
    return CURRENT_RANGING_PARTS.map((part) => String(parameterValueName(part, this.value(part)))).join('_');
  }
}
