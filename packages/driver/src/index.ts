/**
 * `@joulescope/driver`: the JS110 protocol over a WebUSB-shaped device. Providers live in
 * subpaths: `/node` (the `usb` package), `/browser` (`navigator.usb`), `/emulator`.
 */

// ---- The driver ----
export { Js110, DEFAULT_TIMING } from './js110';
export type { Js110Config, Js110Events, Js110Options, Js110StateKind, Js110Timing, StartOptions, StreamOptions } from './js110';
export { DeviceEvent } from './stream-events';
export type { DeviceEventCode, StopEvent, StreamConsumer } from './stream-events';
export { scan } from './scan';
export type { ScanOptions } from './scan';
export type { DeviceInfo } from './device-info';
export { JS110_USB_IDS } from './identities';
export type { UsbIdentity } from './identities';

// ---- The USB seam (what a provider implements) ----
export type {
  LogFunction,
  UsbControlSetup,
  UsbDeviceLike,
  UsbInResult,
  UsbOutResult,
  UsbProvider,
  UsbTransferStatus,
} from './usb-device';

// ---- Protocol: requests, PDUs, parameters ----
export {
  Request,
  PduType,
  CalibrationSlot,
  HOST_API_VERSION,
  PDU_HEADER_SIZE,
  USB_CONFIGURATION,
  USB_INTERFACE,
  STREAMING_ENDPOINT,
} from './protocol';
export type { CalibrationWhich } from './protocol';
export { encodeSettings, decodeSettings, SETTINGS_PDU_LENGTH } from './settings-pdu';
export type { SettingsFields } from './settings-pdu';
export { parseStatus, encodeStatus, STATUS_V1_LENGTH, STATUS_V2_LENGTH } from './status-pdu';
export type { Js110Status, SensorStatistics, SensorStatisticsFields, SignalSummary, StatusFields } from './status-pdu';
export { encodeExtio, decodeExtio, parseExtioStatus, encodeExtioStatus, EXTIO_PDU_LENGTH } from './extio-pdu';
export type { ExtioSettings, ExtioStatus } from './extio-pdu';
export { parseInfo, encodeInfo } from './info';
export type { FirmwareInfo } from './info';
export { readCalibrationRecord } from './calibration-read';
export type { CalibrationRequest } from './calibration-read';
export { PARAMETERS, parameterDefinition, parameterValue, parameterValueName } from './parameters';
export type { ParameterDefinition, ParameterFlag, ParameterInput, ParameterOption, ParameterPath, ParameterValue } from './parameters';

// ---- Errors ----
export {
  Js110Error,
  Js110ProtocolError,
  Js110TimeoutError,
  Js110TransferError,
  Js110DisconnectedError,
  Js110StateError,
  Js110OpenError,
  Js110StreamError,
  Js110NotFoundError,
  Js110TypeError,
  Js110RangeError,
  ParameterNameError,
  ParameterValueError,
  UsbPermissionError,
  UsbUnavailableError,
} from './errors';
export type { Js110ErrorCode } from './errors';
