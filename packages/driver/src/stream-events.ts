/** Stop reasons and the stop event of a stream (docs/protocol.md, "Streaming"). */

/** DeviceEvent codes of the reference. */
export const DeviceEvent = Object.freeze({
  /** The consumer asked to stop (returned true). */
  ENDPOINT_CALLBACK_STOP: -1,
  /** A normal stop (`stop()`). */
  UNDEFINED: 0,
  /** A transfer failed, stalled, or the device was removed. */
  COMMUNICATION_ERROR: 1,
  /** The consumer threw. */
  ENDPOINT_CALLBACK_EXCEPTION: 2,
} as const);
export type DeviceEventCode = (typeof DeviceEvent)[keyof typeof DeviceEvent];

/** Why and how a stream ended; sent once per stream, after the last data was delivered. */
export interface StopEvent {
  code: DeviceEventCode;
  message: string;
  /** The error behind a COMMUNICATION_ERROR or ENDPOINT_CALLBACK_EXCEPTION stop. */
  error?: unknown;
  /** True when the device was removed. */
  disconnected: boolean;
  /** Bytes and transfers delivered to the consumer. */
  bytes: number;
  transfers: number;
  /** Bulk transfers that waited longer than the bulk timeout (each is kept queued). */
  timeouts: number;
}

/**
 * Receives each completed bulk transfer, in order. Return `true` to stop streaming. A returned
 * promise holds back the next delivery (and the resubmission) until it settles; with a real
 * device keep it short, the device does not wait.
 */
export type StreamConsumer = (data: Uint8Array) => boolean | void | Promise<boolean | void>;
