/**
 * EdDSA on Curve25519 with BLAKE2b-512 in place of SHA-512, as Monocypher ≤ 3 `crypto_sign`
 * and the JS110 firmware compute it (docs/datafile.md, "Signatures"). It is not standard Ed25519 (whose
 * keys and signatures differ for the same seed), so the noble Ed25519 point arithmetic is
 * reused with the hash swapped. Secret keys are 32-byte seeds, as in Monocypher.
 */
import { eddsa } from '@noble/curves/abstract/edwards.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { describeValue } from './_describe';

/** Bytes of a secret key: the 32-byte seed, as in Monocypher. */
export const EDDSA_SECRET_KEY_SIZE = 32;
/** Bytes of a public key. */
export const EDDSA_PUBLIC_KEY_SIZE = 32;
/** Bytes of a signature: R ‖ S. */
export const EDDSA_SIGNATURE_SIZE = 64;

// RFC 7748 clamping of the hashed seed's first half, identical to Ed25519.
function clamp(bytes: Uint8Array): Uint8Array {
  bytes[0] &= 0xf8;
  bytes[31] &= 0x7f;
  bytes[31] |= 0x40;
  return bytes;
}

// Strict decoding (not ZIP-215): non-canonical points and small-order public keys fail.
const scheme = /* @__PURE__ */ eddsa(ed25519.Point, blake2b, { adjustScalarBytes: clamp, zip215: false });

function checkBytes(name: string, bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array, got ${describeValue(bytes)}`);
}

function checkLength(name: string, bytes: Uint8Array, size: number): void {
  checkBytes(name, bytes);
  if (bytes.length !== size) throw new RangeError(`${name} must be a ${String(size)}-byte Uint8Array, got ${String(bytes.length)} bytes`);
}

/** The 32-byte public key of a 32-byte secret key (seed). */
export function eddsaPublicKey(secretKey: Uint8Array): Uint8Array {
  checkLength('EdDSA secret key', secretKey, EDDSA_SECRET_KEY_SIZE);
  return scheme.getPublicKey(secretKey);
}

/** The deterministic 64-byte signature R ‖ S of `message`. */
export function eddsaSign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  checkBytes('EdDSA message', message);
  checkLength('EdDSA secret key', secretKey, EDDSA_SECRET_KEY_SIZE);
  return scheme.sign(message, secretKey);
}

/**
 * True when `signature` is a valid signature of `message` by `publicKey`. Never throws for any
 * bytes: wrong lengths, S ≥ L and undecodable points all give false. Arguments that are not
 * Uint8Arrays are a TypeError.
 */
export function eddsaVerify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  checkBytes('EdDSA signature', signature);
  checkBytes('EdDSA message', message);
  checkBytes('EdDSA public key', publicKey);
  if (signature.length !== EDDSA_SIGNATURE_SIZE || publicKey.length !== EDDSA_PUBLIC_KEY_SIZE) return false;
  try {
    return scheme.verify(signature, message, publicKey);
  } catch {
    return false;
  }
}
