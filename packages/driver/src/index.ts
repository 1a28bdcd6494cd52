// ---- The driver ----
export { Js110, DEFAULT_TIMING } from './js110';
export type { Js110Config, Js110Events, Js110Options, Js110Target, Js110Timing, StartOptions, StreamOptions } from './js110';
export { DeviceEvent } from './stream-events';
export type { DeviceEventCode, StopEvent, StreamConsumer } from './stream-events';
export { scan, defaultProvider } from './scan';
export type { ScanOptions } from './scan';
export { deviceInfo } from './device-info';
export type { DeviceInfo } from './device-info';

// ---- The USB seam and its providers ----
export { isAbortError, isDisconnectError } from './usb-device';
export type {
  LogFunction,
  UsbControlSetup,
  UsbDeviceLike,
  UsbInResult,
  UsbOutResult,
  UsbProvider,
  UsbTransferStatus,
} from './usb-device';
export { nodeUsbProvider, loadUsbModule } from './node-provider';
export type {
  LibusbDeviceLike,
  LibusbEndpointLike,
  LibusbError,
  LibusbInterfaceLike,
  LibusbModuleLike,
  LibusbTransferLike,
  NodeUsbProviderOptions,
} from './node-provider';
export { browserUsbProvider, navigatorUsb, JS110_USB_FILTERS } from './browser-provider';
export type { BrowserUsbProvider, UsbLike } from './browser-provider';
export { JS110_USB_IDS, JS110_UDEV_HELP, JS110_UDEV_RULES, isJs110, devicePath, deviceName } from './identities';
export type { UsbIdentity } from './identities';

// ---- Protocol: requests, PDUs, parameters ----
export * from './protocol';
export { encodeSettings, decodeSettings, SETTINGS_PDU_LENGTH } from './settings-pdu';
export type { SettingsFields } from './settings-pdu';
export { parseStatus, encodeStatus, STATUS_V1_LENGTH, STATUS_V2_LENGTH } from './status-pdu';
export type { Js110Status, SensorStatistics, SensorStatisticsFields, SignalSummary, StatusFields } from './status-pdu';
export { encodeExtio, decodeExtio, parseExtioStatus, encodeExtioStatus, EXTIO_PDU_LENGTH } from './extio-pdu';
export type { ExtioSettings, ExtioStatus } from './extio-pdu';
export { parseInfo, encodeInfo } from './info';
export type { Js110Info } from './info';
export { readCalibrationRecord } from './calibration-read';
export type { CalibrationRequest } from './calibration-read';
export {
  PARAMETERS,
  CURRENT_RANGING_PARTS,
  ParameterStore,
  parameterDefinition,
  parameterValue,
  parameterValueName,
} from './parameters';
export type {
  ParameterDefinition,
  ParameterFlag,
  ParameterInput,
  ParameterOption,
  ParameterPath,
  ParameterValue,
} from './parameters';

// ---- The emulated JS110 ----
export { EmulatedJs110, emulatedProvider } from './emulator';
export type { EmulatorFault, EmulatorOptions } from './emulator';
export { constantSignal, firmwareLikeSignal, EMULATOR_SAMPLE_RATE } from './emulator-signal';
export type { EmulatorSignal, FirmwareLikeSignalOptions } from './emulator-signal';
export {
  EMULATOR_PRIVATE_KEY,
  EMULATOR_PUBLIC_KEY,
  emulatorCalibration,
  emulatorCalibrationRecord,
  emulatorCalibrationValues,
} from './emulator-calibration';

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
  ParameterNameError,
  ParameterValueError,
  UsbPermissionError,
  UsbUnavailableError,
} from './errors';
