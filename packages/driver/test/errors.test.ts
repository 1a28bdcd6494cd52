// One error style: every driver error is an instanceof Js110Error with a code from Js110ErrorCode.
import { describe, expect, it } from 'vitest';
import * as driver from '../src/index';
import {
  Js110DisconnectedError,
  Js110Error,
  Js110NotFoundError,
  Js110OpenError,
  Js110ProtocolError,
  Js110RangeError,
  Js110StateError,
  Js110StreamError,
  Js110TimeoutError,
  Js110TransferError,
  Js110TypeError,
  ParameterNameError,
  ParameterValueError,
  UsbPermissionError,
  UsbUnavailableError,
  type Js110ErrorCode,
} from '../src/index';

const cases: [Error & { code: Js110ErrorCode }, Js110ErrorCode, string][] = [
  [new Js110ProtocolError('m'), 'protocol', 'Js110ProtocolError'],
  [new Js110TimeoutError('m'), 'timeout', 'Js110TimeoutError'],
  [new Js110TransferError('m', 'stall'), 'transfer', 'Js110TransferError'],
  [new Js110DisconnectedError('m'), 'disconnected', 'Js110DisconnectedError'],
  [new Js110StateError('m'), 'state', 'Js110StateError'],
  [new Js110OpenError('m'), 'open_failed', 'Js110OpenError'],
  [new Js110StreamError('m', 1, true), 'stream', 'Js110StreamError'],
  [new UsbPermissionError('m'), 'permission', 'UsbPermissionError'],
  [new UsbUnavailableError('m'), 'unavailable', 'UsbUnavailableError'],
  [new Js110NotFoundError('m'), 'not_found', 'Js110NotFoundError'],
  [new Js110TypeError('m'), 'bad_argument', 'Js110TypeError'],
  [new Js110RangeError('m'), 'out_of_range', 'Js110RangeError'],
  [new ParameterNameError('m'), 'unknown_parameter', 'ParameterNameError'],
  [new ParameterValueError('m'), 'bad_parameter_value', 'ParameterValueError'],
  [new ParameterValueError('m', 'read_only_parameter'), 'read_only_parameter', 'ParameterValueError'],
];

describe('driver errors', () => {
  it('are all instanceof Js110Error, with their code and name', () => {
    for (const [error, code, name] of cases) {
      expect(error).toBeInstanceOf(Js110Error);
      expect(error).toBeInstanceOf(Error);
      expect([error.code, error.name, error.message]).toEqual([code, name, 'm']);
      expect(typeof error.stack).toBe('string');
    }
  });

  it('cover every error class the package exports', () => {
    const exported = Object.entries(driver).filter(([, v]) => typeof v === 'function' && v.prototype instanceof Error).map(([k]) => k);
    expect(new Set(exported)).toEqual(new Set(cases.map(([, , name]) => name).concat('Js110Error')));
  });

  it('keep TypeError and RangeError for bad arguments, and subclasses tell each other apart', () => {
    expect(new Js110TypeError('m')).toBeInstanceOf(TypeError);
    expect(new Js110RangeError('m')).toBeInstanceOf(RangeError);
    expect(new ParameterNameError('m')).toBeInstanceOf(RangeError);
    expect(new Js110TimeoutError('m')).not.toBeInstanceOf(Js110StateError);
    expect(new Js110TypeError('m')).not.toBeInstanceOf(Js110RangeError);
    expect(new TypeError('m')).not.toBeInstanceOf(Js110Error);
    expect(new Error('m')).not.toBeInstanceOf(Js110Error);
    expect(null).not.toBeInstanceOf(Js110Error);
    expect(new Js110StreamError('m', 2, false)).toMatchObject({ stopCode: 2, disconnected: false });
    expect(new Js110TransferError('m', 'babble').status).toBe('babble');
  });

  it('keep their cause', () => {
    const cause = new Error('usb');
    expect(new Js110OpenError('m', { cause }).cause).toBe(cause);
  });
});
