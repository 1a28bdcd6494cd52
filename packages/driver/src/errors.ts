/**
 * The driver's typed errors, one style for all: every one is `instanceof Js110Error`, has a
 * `code` from `Js110ErrorCode` and a message that says what went wrong and, where it can,
 * what is allowed or how to fix it. Bad arguments are also `TypeError`/`RangeError`
 * (`Js110TypeError`, `Js110RangeError`, the parameter errors), as JavaScript users expect.
 */

/**
 * What went wrong:
 * - `protocol`: a reply or PDU that does not follow the JS110 protocol (length, header, JSON);
 * - `timeout`: the device did not answer in time (a control transfer, open, close, the sensor);
 * - `transfer`: a USB transfer stalled, babbled or was rejected;
 * - `disconnected`: the device was removed;
 * - `state`: the call does not fit the driver's state (not open, a start already in progress,
 *   the device already held by another `Js110`);
 * - `open_failed`: the device could not be opened (configuration, interface claim);
 * - `stream`: the async-iterator stream stopped on an error;
 * - `permission`: the operating system denies access to the device;
 * - `unavailable`: no USB access here (no `usb` package, no `navigator.usb`);
 * - `not_found`: a scan result whose device is not known in this context;
 * - `bad_argument`: an argument of the wrong type;
 * - `out_of_range`: an argument outside what is allowed;
 * - `unknown_parameter`: a parameter name the JS110 does not have;
 * - `bad_parameter_value`: a value the parameter does not accept;
 * - `read_only_parameter`: a set of a read-only parameter.
 */
export type Js110ErrorCode =
  | 'protocol'
  | 'timeout'
  | 'transfer'
  | 'disconnected'
  | 'state'
  | 'open_failed'
  | 'stream'
  | 'permission'
  | 'unavailable'
  | 'not_found'
  | 'bad_argument'
  | 'out_of_range'
  | 'unknown_parameter'
  | 'bad_parameter_value'
  | 'read_only_parameter';

// A registry symbol, so that every copy of this module (ESM and CJS builds) agrees.
const BRAND: unique symbol = Symbol.for('@joulescope/driver.Js110Error') as never;

interface Branded {
  readonly [BRAND]: true;
}

/** Marks an error as the driver's, for `instanceof Js110Error`. */
function brand(error: Error): void {
  Object.defineProperty(error, BRAND, { value: true });
}

/** Base class of the driver's errors; `instanceof` also holds for the argument errors below. */
export class Js110Error extends Error {
  override name = 'Js110Error';
  readonly code: Js110ErrorCode;

  constructor(code: Js110ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    brand(this);
  }

  /** `Js110Error` itself matches every driver error, the argument errors included. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== Js110Error) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as Partial<Branded>)[BRAND] === true;
  }
}

/** A reply or PDU that does not follow the JS110 protocol (length, version, type, JSON). */
export class Js110ProtocolError extends Js110Error {
  override name = 'Js110ProtocolError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('protocol', message, options);
  }
}

/** An operation that did not finish in time (a control transfer, open, close, the sensor). */
export class Js110TimeoutError extends Js110Error {
  override name = 'Js110TimeoutError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('timeout', message, options);
  }
}

/** A USB transfer that failed: the endpoint stalled, babbled or the transfer was rejected. */
export class Js110TransferError extends Js110Error {
  override name = 'Js110TransferError';
  /** `stall`, `babble`, or `error` for a rejected transfer. */
  readonly status: 'stall' | 'babble' | 'error';

  constructor(message: string, status: 'stall' | 'babble' | 'error', options?: { cause?: unknown }) {
    super('transfer', message, options);
    this.status = status;
  }
}

/** The device was removed (or the operation needs a device that is gone). */
export class Js110DisconnectedError extends Js110Error {
  override name = 'Js110DisconnectedError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('disconnected', message, options);
  }
}

/** The call does not fit the driver's state, e.g. `status()` before `open()`. */
export class Js110StateError extends Js110Error {
  override name = 'Js110StateError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('state', message, options);
  }
}

/** The device could not be opened (configuration, interface claim). */
export class Js110OpenError extends Js110Error {
  override name = 'Js110OpenError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('open_failed', message, options);
  }
}

/** The operating system denies access to the device (on Linux: a missing udev rule). */
export class UsbPermissionError extends Js110Error {
  override name = 'UsbPermissionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('permission', message, options);
  }
}

/** No USB access here: the `usb` module is missing or failed to load, or no `navigator.usb`. */
export class UsbUnavailableError extends Js110Error {
  override name = 'UsbUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('unavailable', message, options);
  }
}

/** A scan result whose device this context does not know (scan here first). */
export class Js110NotFoundError extends Js110Error {
  override name = 'Js110NotFoundError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('not_found', message, options);
  }
}

/** Thrown by the async-iterator stream after its last data when the stream stopped on an error. */
export class Js110StreamError extends Js110Error {
  override name = 'Js110StreamError';
  /** The `DeviceEvent` stop code (1 communication error, 2 consumer exception). */
  readonly stopCode: number;
  /** True when the device was removed. */
  readonly disconnected: boolean;

  constructor(message: string, stopCode: number, disconnected: boolean, options?: { cause?: unknown }) {
    super('stream', message, options);
    this.stopCode = stopCode;
    this.disconnected = disconnected;
  }
}

/** An argument of the wrong type (a `TypeError` and a `Js110Error`). */
export class Js110TypeError extends TypeError {
  override name = 'Js110TypeError';
  readonly code = 'bad_argument' as const;

  constructor(message: string) {
    super(message);
    brand(this);
  }
}

/** An argument outside what is allowed (a `RangeError` and a `Js110Error`). */
export class Js110RangeError extends RangeError {
  override name = 'Js110RangeError';
  readonly code = 'out_of_range' as const;

  constructor(message: string) {
    super(message);
    brand(this);
  }
}

/** An unknown parameter name (a `RangeError` and a `Js110Error`). */
export class ParameterNameError extends RangeError {
  override name = 'ParameterNameError';
  readonly code = 'unknown_parameter' as const;

  constructor(message: string) {
    super(message);
    brand(this);
  }
}

/** A value the parameter does not accept, or a set of a read-only parameter. */
export class ParameterValueError extends RangeError {
  override name = 'ParameterValueError';
  readonly code: 'bad_parameter_value' | 'read_only_parameter';

  constructor(message: string, code: 'bad_parameter_value' | 'read_only_parameter' = 'bad_parameter_value') {
    super(message);
    this.code = code;
    brand(this);
  }
}
