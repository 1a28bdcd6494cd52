import { describe, expect, it } from 'vitest';
import { PARAMETERS, ParameterNameError, ParameterValueError, parameterDefinition, parameterValue, parameterValueName } from '../src/index';
import { ParameterStore } from '../src/parameters';

describe('parameters (§3)', () => {
  it('lists every parameter with its path, default and flags', () => {
    expect(PARAMETERS.map((p) => [p.name, p.path, p.default])).toEqual([
      ['sensor_power', 'setting', 'on'],
      ['source', 'setting', 'off'],
      ['i_range', 'setting', 'off'],
      ['v_range', 'setting', '15V'],
      ['ovr_to_lsb', 'setting', 'off'],
      ['control_test_mode', 'setting', 'normal'],
      ['transfer_length', 'host', '256'],
      ['transfer_outstanding', 'host', '8'],
      ['trigger_source', 'extio', 'auto'],
      ['io_voltage', 'extio', '3.3V'],
      ['gpo0', 'extio', '0'],
      ['gpo1', 'extio', '0'],
      ['current_lsb', 'extio', 'normal'],
      ['voltage_lsb', 'extio', 'normal'],
      ['current_ranging', 'virtual', null],
      ['current_ranging_type', 'glitch', 'interp'],
      ['current_ranging_samples_pre', 'glitch', '1'],
      ['current_ranging_samples_window', 'glitch', 'n'],
      ['current_ranging_samples_post', 'glitch', '1'],
      ['buffer_duration', 'buffer', '30 seconds'],
      ['reduction_frequency', 'buffer', '2 Hz'],
      ['sampling_frequency', 'buffer', '2 MHz'],
      ['model', 'info', null],
      ['device_serial_number', 'info', null],
      ['hardware_serial_number', 'info', null],
    ]);
    expect(parameterDefinition('transfer_length').flags).toEqual(['developer', 'skip_update']);
    expect(parameterDefinition('model').flags).toEqual(['read_only']);
    expect(parameterDefinition('io_voltage').units).toBe('mV');
  });

  it('has the option table of every enumerated parameter', () => {
    const table = (name: string): [string, number | string][] => parameterDefinition(name).options.map((o) => [o.name, o.value]);
    expect(table('i_range')).toEqual([
      ['auto', 0x80], ['10 A', 0x01], ['2 A', 0x02], ['180 mA', 0x04], ['18 mA', 0x08],
      ['1.8 mA', 0x10], ['180 µA', 0x20], ['18 µA', 0x40], ['off', 0x00],
    ]);
    expect(table('source')).toEqual([['off', 0], ['raw', 0xc0], ['pattern_usb', 0x09], ['pattern_control', 0x0a], ['pattern_sensor', 0xaf]]);
    expect(table('control_test_mode')).toEqual([['normal', 3], ['usb', 0x81], ['fpga', 0x82], ['both', 0x83]]);
    expect(table('transfer_length').map(([, v]) => v)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    expect(table('transfer_outstanding')).toEqual([['1', 1], ['2', 2], ['4', 4], ['8', 8]]);
    expect(table('io_voltage').map(([, v]) => v)).toEqual([1800, 2100, 2500, 2700, 3000, 3300, 3600, 5000]);
    expect(table('current_ranging_type')).toEqual([['off', 'off'], ['mean', 'mean'], ['interp', 'interp'], ['NaN', 'nan']]);
    expect(table('current_ranging_samples_window').slice(0, 3)).toEqual([['m', 'm'], ['n', 'n'], ['0', 0]]);
    expect(table('current_ranging_samples_window').at(-1)).toEqual(['12', 12]);
    expect(table('buffer_duration').at(-1)).toEqual(['1 day', 86400]);
    expect(table('sampling_frequency').length).toBe(17);
    expect(table('reduction_frequency')).toEqual([['100 Hz', 100], ['50 Hz', 50], ['20 Hz', 20], ['10 Hz', 10], ['5 Hz', 5], ['2 Hz', 2], ['1 Hz', 1]]);
  });

  it('accepts names and aliases exactly (case-sensitive, numbers distinct from strings)', () => {
    expect(parameterValue('i_range', 'auto')).toBe(0x80);
    expect(parameterValue('i_range', 'on')).toBe(0x80);
    expect(parameterValue('i_range', '180 µA')).toBe(0x20);
    expect(parameterValue('i_range', '5')).toBe(0x20);
    expect(parameterValue('i_range', 5)).toBe(0x20);
    expect(parameterValue('i_range', 0)).toBe(0x01);
    expect(parameterValue('i_range', '0')).toBe(0x01);
    expect(parameterValue('v_range', 'low')).toBe(0);
    expect(parameterValue('v_range', 'high')).toBe(1);
    expect(parameterValue('v_range', true)).toBe(1);
    expect(parameterValue('source', 'on')).toBe(0xc0);
    expect(parameterValue('gpo1', 1)).toBe(1);
    expect(parameterValue('current_ranging_type', 'interpolate')).toBe('interp');
    expect(parameterValue('current_ranging_type', 'nan')).toBe('nan');
    expect(parameterValue('current_ranging_type', 'NaN')).toBe('nan');
    expect(parameterValue('current_ranging_samples_window', 7)).toBe(7);
    expect(parameterValue('sampling_frequency', null)).toBe(2_000_000);
    expect(parameterValue('sampling_frequency', 'auto')).toBe(2_000_000);
    expect(parameterValue('sampling_frequency', 'default')).toBe(2_000_000);
    expect(parameterValue('sampling_frequency', 1000)).toBe(1000);
    expect(parameterValue('reduction_frequency', 20)).toBe(20);
    expect(() => parameterValue('i_range', 'AUTO')).toThrow(ParameterValueError);
    expect(() => parameterValue('transfer_outstanding', '3')).toThrow(ParameterValueError);
    // '8' is a name, the number 8 is no alias but an option value (our extension)
    expect(parameterValue('transfer_outstanding', '8')).toBe(8);
  });

  it('takes an option value where it is no alias; an alias wins where both exist', () => {
    expect(parameterValue('source', 0xc0)).toBe(0xc0);
    expect(parameterValue('sensor_power', 1)).toBe(1);
    expect(parameterValue('transfer_length', 64)).toBe(64);
    expect(parameterValue('io_voltage', 1800)).toBe(1800);
    expect(parameterValue('i_range', 0x80)).toBe(0x80);
    expect(parameterValue('i_range', 0x40)).toBe(0x40);
    expect(parameterValue('i_range', 1)).toBe(0x02); // the alias of '2 A', as in the reference
    expect(() => parameterValue('io_voltage', 3301)).toThrow(/allowed: "1.8V", "2.1V"/);
  });

  it('maps values back to option names', () => {
    expect(parameterValueName('i_range', 0x80)).toBe('auto');
    expect(parameterValueName('current_ranging_type', 'nan')).toBe('NaN');
    expect(parameterValueName('buffer_duration', 45)).toBe(45);
  });

  it('validates buffer_duration like the reference: seconds ≥ 0, int(x + 0.5001)', () => {
    expect(parameterValue('buffer_duration', '1 hour')).toBe(3600);
    expect(parameterValue('buffer_duration', 60)).toBe(60);
    expect(parameterValue('buffer_duration', 45)).toBe(45);
    expect(parameterValue('buffer_duration', 2.4999)).toBe(3);
    expect(parameterValue('buffer_duration', 2.4)).toBe(2);
    expect(parameterValue('buffer_duration', '7.6')).toBe(8);
    expect(parameterValue('buffer_duration', 0)).toBe(0);
    expect(() => parameterValue('buffer_duration', -1)).toThrow(/≥ 0/);
    expect(() => parameterValue('buffer_duration', 'long')).toThrow(ParameterValueError);
    expect(() => parameterValue('buffer_duration', Infinity)).toThrow(ParameterValueError);
  });

  it('rejects unknown names with the list of known ones', () => {
    expect(() => parameterDefinition('I_RANGE')).toThrow(ParameterNameError);
    expect(() => parameterValue('nope', 1)).toThrow(/unknown parameter "nope"; known: sensor_power, source, i_range/);
    expect(new ParameterNameError('x')).toBeInstanceOf(RangeError);
  });
});

describe('ParameterStore', () => {
  it('starts at the defaults', () => {
    const store = new ParameterStore();
    const names = Object.fromEntries(
      PARAMETERS.filter((p) => p.default !== null).map((p) => [p.name, store.name(p.name)]),
    );
    expect(names).toEqual({
      sensor_power: 'on', source: 'off', i_range: 'off', v_range: '15V', ovr_to_lsb: 'off', control_test_mode: 'normal',
      transfer_length: '256', transfer_outstanding: '8', trigger_source: 'auto', io_voltage: '3.3V', gpo0: '0', gpo1: '0',
      current_lsb: 'normal', voltage_lsb: 'normal', current_ranging_type: 'interp', current_ranging_samples_pre: '1',
      current_ranging_samples_window: 'n', current_ranging_samples_post: '1', buffer_duration: '30 seconds',
      reduction_frequency: '2 Hz', sampling_frequency: '2 MHz',
    });
    expect(store.value('transfer_length')).toBe(256);
    expect(store.value('control_test_mode')).toBe(3);
    expect(store.name('current_ranging')).toBe('interp_1_n_1');
  });

  it('sets current_ranging from type_pre_window_post, or only the type to off', () => {
    const store = new ParameterStore();
    expect([...store.set('current_ranging', 'mean_2_4_3')]).toEqual([
      ['current_ranging_type', 'mean'],
      ['current_ranging_samples_pre', 2],
      ['current_ranging_samples_window', 4],
      ['current_ranging_samples_post', 3],
    ]);
    expect(store.name('current_ranging')).toBe('mean_2_4_3');
    store.set('current_ranging', 'NaN_0_m_8');
    expect(store.name('current_ranging')).toBe('NaN_0_m_8');
    store.set('current_ranging', false);
    expect(store.name('current_ranging')).toBe('off_0_m_8');
    store.set('current_ranging', 'interp_1_n_1');
    store.set('current_ranging', null);
    expect(store.name('current_ranging')).toBe('off_1_n_1');
    store.set('current_ranging', 'interp_1_n_1');
    store.set('current_ranging', 'off');
    expect(store.name('current_ranging_type')).toBe('off');
  });

  it('leaves everything unchanged when a value is bad', () => {
    const store = new ParameterStore();
    expect(() => store.set('current_ranging', 'mean_2_99_1')).toThrow(ParameterValueError);
    expect(() => store.set('current_ranging', 'mean_2')).toThrow(/type_pre_window_post/);
    expect(() => store.set('current_ranging', 3)).toThrow(ParameterValueError);
    expect(store.name('current_ranging')).toBe('interp_1_n_1');
    expect(() => store.set('i_range', 'sideways')).toThrow(ParameterValueError);
    expect(store.name('i_range')).toBe('off');
    expect(() => store.set('model', 'JS220')).toThrow(/read-only/);
    expect(() => store.value('model')).toThrow(ParameterValueError);
  });
});
