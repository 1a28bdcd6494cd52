import { describe, expect, it } from 'vitest';
import { eddsaPublicKey, eddsaSign, eddsaVerify } from '../src/index';
import { FIXTURE, FIXTURE_SIGNED, TEST_PUBLIC_KEY_HEX, TEST_SECRET_KEY, fromHex, hex } from './_datafile-helpers';

// The test fixture: the signature of file bytes [88, 872) of calibration_01.dat with the test key.
const FIXTURE_SIGNATURE =
  '0286bb6913a8fb5b8cbc62a7065629d0719c8e39b89d86ca00efd339587793be' +
  'e5e21406ec19b4e4fe1e1a8e6db548e045b4c19f10a81a3d3428bb80d17c7505';
const message = FIXTURE.subarray(FIXTURE_SIGNED[0], FIXTURE_SIGNED[1]);

describe('EdDSA-BLAKE2b', () => {
  it('derives the public key of the test fixture from the seed 0..31', () => {
    expect(hex(eddsaPublicKey(TEST_SECRET_KEY))).toBe(TEST_PUBLIC_KEY_HEX);
  });

  it('reproduces the signature of the test fixture byte for byte', () => {
    expect(hex(eddsaSign(message, TEST_SECRET_KEY))).toBe(FIXTURE_SIGNATURE);
    expect(hex(FIXTURE.subarray(880, 944))).toBe(FIXTURE_SIGNATURE);
  });

  it('verifies the signature of the test fixture and rejects changes', () => {
    const sig = fromHex(FIXTURE_SIGNATURE);
    const key = fromHex(TEST_PUBLIC_KEY_HEX);
    expect(eddsaVerify(sig, message, key)).toBe(true);
    const changed = message.slice();
    changed[100] ^= 1;
    expect(eddsaVerify(sig, changed, key)).toBe(false);
    const badSig = sig.slice();
    badSig[5] ^= 0x40;
    expect(eddsaVerify(badSig, message, key)).toBe(false);
    const otherKey = eddsaPublicKey(new Uint8Array(32).fill(7));
    expect(eddsaVerify(sig, message, otherKey)).toBe(false);
  });

  it('is not standard Ed25519 (SHA-512): RFC 8032 test 1 key differs', () => {
    // RFC 8032 §7.1 TEST 1 secret key → Ed25519 public key d75a98...; with BLAKE2b it differs.
    const sk = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
    expect(hex(eddsaPublicKey(sk))).not.toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  });

  it('returns false instead of throwing on malformed inputs', () => {
    const sig = fromHex(FIXTURE_SIGNATURE);
    const key = fromHex(TEST_PUBLIC_KEY_HEX);
    expect(eddsaVerify(sig.subarray(0, 63), message, key)).toBe(false);
    expect(eddsaVerify(sig, message, key.subarray(0, 31))).toBe(false);
    expect(eddsaVerify(new Uint8Array(64).fill(0xff), message, key)).toBe(false); // S ≥ L
    expect(eddsaVerify(sig, message, new Uint8Array(32).fill(0xff))).toBe(false); // not a point
    expect(eddsaVerify(sig, message, new Uint8Array(32))).toBe(false); // small order
  });

  it('round-trips sign/verify and rejects bad secret key sizes', () => {
    const sk = new Uint8Array(32).fill(42);
    const msg = new TextEncoder().encode('joulescope');
    expect(eddsaVerify(eddsaSign(msg, sk), msg, eddsaPublicKey(sk))).toBe(true);
    expect(() => eddsaSign(msg, new Uint8Array(31))).toThrow(RangeError);
    expect(() => eddsaPublicKey(new Uint8Array(64))).toThrow(/32-byte/);
  });
});
