import { expect } from 'vitest';

/** What the engine says when code did not check its input first. */
const ENGINE = /Cannot (read|set|use|convert|mix)|is not (a function|iterable|defined|a constructor)|Invalid typed array length|undefined is not|null is not/;

/** Expects `fn` to throw `type` with a message of our own (not an engine error); returns it. */
export function expectOwnError(fn: () => unknown, type: ErrorConstructor, message?: RegExp): Error {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(type);
  const err = caught as Error;
  expect(err.message).not.toMatch(ENGINE);
  if (message) expect(err.message).toMatch(message);
  return err;
}
