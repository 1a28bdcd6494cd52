/**
 * The driver's typed errors. Each says what went wrong and, where it can, what is allowed or
 * how to fix it.
 */

/** Base class of the driver's own errors. */
export class Js110Error extends Error {
  override name = 'Js110Error';
}

/** A reply or PDU that does not follow the JS110 protocol (length, version, type, JSON). */
export class Js110ProtocolError extends Js110Error {
  override name = 'Js110ProtocolError';
}

/** An operation that did not finish in time (a control transfer, the wait for the sensor). */
export class Js110TimeoutError extends Js110Error {
  override name = 'Js110TimeoutError';
}

/** A USB transfer that failed: the endpoint stalled, babbled or the transfer was rejected. */
export class Js110TransferError extends Js110Error {
  override name = 'Js110TransferError';
  /** `stall`, `babble`, or `error` for a rejected transfer. */
  readonly status: 'stall' | 'babble' | 'error';

  constructor(message: string, status: 'stall' | 'babble' | 'error', options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
  }
}

/** The device was removed (or the operation needs a device that is gone). */
export class Js110DisconnectedError extends Js110Error {
  override name = 'Js110DisconnectedError';
}

/** The call does not fit the driver's state, e.g. `status()` before `open()`. */
export class Js110StateError extends Js110Error {
  override name = 'Js110StateError';
}

/** An unknown parameter name. */
export class ParameterNameError extends RangeError {
  override name = 'ParameterNameError';
}

/** A value that the parameter does not accept. */
export class ParameterValueError extends RangeError {
  override name = 'ParameterValueError';
}

/** The operating system denies access to the device (on Linux: a missing udev rule). */
export class UsbPermissionError extends Js110Error {
  override name = 'UsbPermissionError';
}

/** No USB access here: the `usb` module is missing or failed to load, or no `navigator.usb`. */
export class UsbUnavailableError extends Js110Error {
  override name = 'UsbUnavailableError';
}

/** The device could not be opened (configuration, interface claim). */
export class Js110OpenError extends Js110Error {
  override name = 'Js110OpenError';
}

/** Thrown by the async-iterator stream after its last data when the stream stopped on an error. */
export class Js110StreamError extends Js110Error {
  override name = 'Js110StreamError';
  /** The stop code of `DeviceEvent` (1 communication error, 2 consumer exception). */
  readonly code: number;
  /** True when the device was removed. */
  readonly disconnected: boolean;

  constructor(message: string, code: number, disconnected: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.disconnected = disconnected;
  }
}
