import { HOST_API_VERSION, PDU_HEADER_SIZE } from './protocol';

/** Writes the common 8-byte header (§2.3): version, total length, type, reserved zeros. */
export function writePduHeader(bytes: Uint8Array, type: number): void {
  bytes[0] = HOST_API_VERSION;
  bytes[1] = bytes.length;
  bytes[2] = type;
  bytes.fill(0, 3, PDU_HEADER_SIZE);
}

/** Hex of the first bytes of a reply, for error messages. */
export function hexHead(bytes: Uint8Array, count = 8): string {
  const parts: string[] = [];
  for (let i = 0; i < Math.min(count, bytes.length); i++) parts.push(bytes[i].toString(16).padStart(2, '0'));
  return parts.join(' ') + (bytes.length > count ? ' ...' : '');
}

/** Checks that `value` is an integer in [0, max]; `what` names it in the error. */
export function checkUint(value: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${what} must be an integer in 0..${String(max)}, got ${String(value)}`);
  }
  return value;
}
