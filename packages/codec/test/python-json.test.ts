import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePythonJson, pythonFloat, pythonJsonString } from '../src/_python-json';

interface ReprVectors {
  values: [kind: 'f32' | 'f64', bits: string, repr: string][];
}
// Generated with Python's json.dumps(float(x)) (see the file's "source").
const vectors = JSON.parse(readFileSync(new URL('./fixtures/python-float-repr.json', import.meta.url), 'utf8')) as ReprVectors;

function fromBits(kind: 'f32' | 'f64', bits: string): number {
  const view = new DataView(new ArrayBuffer(8));
  if (kind === 'f32') {
    view.setUint32(0, parseInt(bits, 16));
    return view.getFloat32(0);
  }
  view.setBigUint64(0, BigInt('0x' + bits));
  return view.getFloat64(0);
}

describe('pythonFloat', () => {
  it(`prints ${vectors.values.length} values exactly as Python repr`, () => {
    for (const [kind, bits, repr] of vectors.values) {
      expect(pythonFloat(fromBits(kind, bits)), `${kind} ${bits}`).toBe(repr);
    }
  });

  it('prints the special values as json.dumps does', () => {
    expect(pythonFloat(NaN)).toBe('NaN');
    expect(pythonFloat(Infinity)).toBe('Infinity');
    expect(pythonFloat(-Infinity)).toBe('-Infinity');
    expect(pythonFloat(0)).toBe('0.0');
    expect(pythonFloat(-0)).toBe('-0.0');
    expect(pythonFloat(1e-5)).toBe('1e-05');
    expect(pythonFloat(1e16)).toBe('1e+16');
    expect(pythonFloat(1234.5)).toBe('1234.5');
  });
});

describe('pythonJsonString', () => {
  it('escapes as json.dumps with ensure_ascii', () => {
    expect(pythonJsonString('a"b\\c\n\t\u0001\u007f é 😀')).toBe('"a\\"b\\\\c\\n\\t\\u0001\\u007f \\u00e9 \\ud83d\\ude00"');
  });
});

describe('parsePythonJson', () => {
  it('reads bare NaN and Infinity tokens but not inside strings', () => {
    const v = parsePythonJson('{"a": [1.5, NaN, -Infinity, Infinity], "s": "NaN, Infinity", "n": null, "t": true}');
    expect(v).toBeInstanceOf(Map);
    const m = v as Map<string, unknown>;
    expect(m.get('a')).toEqual([1.5, NaN, -Infinity, Infinity]);
    expect(m.get('s')).toBe('NaN, Infinity');
    expect(m.get('n')).toBeNull();
    expect(m.get('t')).toBe(true);
  });

  it('keeps key order, lets the last duplicate win and does not touch prototypes', () => {
    const m = parsePythonJson('{"b": 1, "a": 2, "b": 3, "__proto__": {"x": 1}}') as Map<string, unknown>;
    expect([...m.keys()]).toEqual(['b', 'a', '__proto__']);
    expect(m.get('b')).toBe(3);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('decodes escapes', () => {
    expect(parsePythonJson('"\\u00e9\\n\\"\\/\\\\"')).toBe('é\n"/\\');
  });

  it.each([
    ['', 'unexpected end'],
    ['nan', 'unexpected'],
    ['NaNx', 'extra data'],
    ['[1,]', 'unexpected'],
    ['{"a" 1}', "expected ':'"],
    ['"abc', 'unterminated'],
    ['"a\u0001"', 'control character'],
    ['"\\x"', 'bad escape'],
    ['"\\u12"', 'bad \\u escape'],
    ['01', 'extra data'],
    ['-', 'bad number'],
    ['1.', 'extra data'],
    ['[1 2]', "expected ','"],
    ['[' .repeat(100) + ']'.repeat(100), 'nesting'],
  ])('rejects %j with a SyntaxError (%s)', (text, what) => {
    expect(() => parsePythonJson(text)).toThrow(SyntaxError);
    expect(() => parsePythonJson(text)).toThrow(what);
  });
});
