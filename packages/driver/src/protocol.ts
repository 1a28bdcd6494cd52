/** JS110 control request codes, PDU types and transfer sizes (js110-facts §1.4, §2). */

/** Vendor request codes (bRequest, §2.2). */
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

/** PDU type byte of the common 8-byte header (§2.3). */
export const PduType = Object.freeze({ SETTINGS: 1, STATUS: 2, EXTIO: 3, INFO: 4 } as const);

/** Version byte of every PDU header. */
export const HOST_API_VERSION = 1;
export const PDU_HEADER_SIZE = 8;

/** wLength of the IN requests. */
export const STATUS_REQUEST_LENGTH = 128;
export const EXTIO_REQUEST_LENGTH = 128;
export const INFO_REQUEST_LENGTH = 1024;
export const SERIAL_NUMBER_LENGTH = 16;

/** CALIBRATION wValue: which record to read. */
export const CalibrationSlot = Object.freeze({ factory: 0, active: 1 } as const);
export type CalibrationWhich = keyof typeof CalibrationSlot;
/** Bytes per CALIBRATION request and the largest record the device holds. */
export const CALIBRATION_CHUNK_SIZE = 4096;
export const CALIBRATION_MAX_SIZE = 0x8000;

/** Configuration, interface and streaming endpoint (§1.3, §1.4). */
export const USB_CONFIGURATION = 1;
export const USB_INTERFACE = 0;
/** Endpoint number 2: address 0x82, bulk IN. */
export const STREAMING_ENDPOINT = 2;
export const USB_PACKET_SIZE = 512;

/** Timeouts of §1.5 in milliseconds. */
export const CONTROL_TIMEOUT_MS = 1000;
export const BULK_TIMEOUT_MS = 1000;
export const SENSOR_WAIT_TIMEOUT_MS = 3000;
/** Retry delays of the wait for the sensor command (§2.4). */
export const SENSOR_WAIT_READ_RETRY_MS = 400;
export const SENSOR_WAIT_BUSY_RETRY_MS = 10;

/** Sampling rate of the JS110 stream. */
export const SAMPLING_FREQUENCY = 2_000_000;
