/**
 * JS110 control request codes, PDU types, USB numbers and timeouts
 * (docs/protocol.md, "Control requests" and "Timeouts").
 */

/** Vendor request codes (bRequest) of the JS110 application firmware. */
export const Request = Object.freeze({
  LOOPBACK_WVALUE: 1,
  LOOPBACK_BUFFER: 2,
  SETTINGS: 3,
  STATUS: 4,
  SENSOR_BOOTLOADER: 5,
  CONTROLLER_BOOTLOADER: 6,
  SERIAL_NUMBER: 7,
  CALIBRATION: 8,
  EXTIO: 9,
  INFO: 10,
  TEST_MODE: 11,
} as const);

/** PDU type byte of the common 8-byte header. */
export const PduType = Object.freeze({ SETTINGS: 1, STATUS: 2, EXTIO: 3, INFO: 4 } as const);

/** Version byte of every PDU header. */
export const HOST_API_VERSION = 1;
/** Bytes of the common PDU header (version, length, type, five reserved zeros). */
export const PDU_HEADER_SIZE = 8;

/** wLength of the STATUS request (the reply is 24 or 104 bytes). */
export const STATUS_REQUEST_LENGTH = 128;
/** wLength of the EXTIO IN request (the reply is 24 bytes). */
export const EXTIO_REQUEST_LENGTH = 128;
/** wLength of the INFO request. */
export const INFO_REQUEST_LENGTH = 1024;
/** Bytes of the SERIAL_NUMBER reply (the MCU unique id). */
export const SERIAL_NUMBER_LENGTH = 16;

/** CALIBRATION wValue: which record to read. */
export const CalibrationSlot = Object.freeze({ factory: 0, active: 1 } as const);
/** The calibration record to read: `factory` or `active`. */
export type CalibrationWhich = keyof typeof CalibrationSlot;
/** Bytes per CALIBRATION request. */
export const CALIBRATION_CHUNK_SIZE = 4096;
/** The largest calibration record the device holds. */
export const CALIBRATION_MAX_SIZE = 0x8000;

/** The standard GET_DESCRIPTOR request (bRequest 6) that reads the serial number string. */
export const GET_DESCRIPTOR = 6;
/** Descriptor type of a string descriptor: wValue = (3 << 8) | string index. */
export const DESCRIPTOR_TYPE_STRING = 3;

/** The USB configuration the driver selects. */
export const USB_CONFIGURATION = 1;
/** The interface the driver claims (alternate setting 0). */
export const USB_INTERFACE = 0;
/** Endpoint number 2: address 0x82, bulk IN, the sample stream. */
export const STREAMING_ENDPOINT = 2;

/** Per control transfer, ms. */
export const CONTROL_TIMEOUT_MS = 1000;
/** A bulk transfer pending longer is reported as a timeout and kept queued, ms. */
export const BULK_TIMEOUT_MS = 1000;
/** The whole USB open sequence (open, configuration, interface, alternate setting), ms. */
export const OPEN_TIMEOUT_MS = 10_000;
/** Closing the device, ms: `close()` gives up on a device that does not answer. */
export const CLOSE_TIMEOUT_MS = 3000;
/** The wait for the sensor after a SETTINGS command, ms. */
export const SENSOR_WAIT_TIMEOUT_MS = 3000;
/** Delay after a failed STATUS read while waiting for the sensor, ms. */
export const SENSOR_WAIT_READ_RETRY_MS = 400;
/** Delay while the sensor reports busy (−1 or 19), ms. */
export const SENSOR_WAIT_BUSY_RETRY_MS = 10;
