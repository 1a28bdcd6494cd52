/**
 * JSON as Python's `json` module reads and writes it: `NaN`, `Infinity` and `-Infinity` are
 * bare tokens (which `JSON.parse` rejects), floats print as `repr(float)` and `json.dumps`
 * escapes non-ASCII text. Used for calibration records, whose arrays end in `NaN`.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** Objects keep key order; a duplicate key keeps its last value, as Python does. */
export type JsonObject = Map<string, JsonValue>;

/** Deeper nesting than any calibration or recording metadata; bounds recursion on hostile text. */
const MAX_DEPTH = 64;

/**
 * Parses JSON text plus the bare `NaN`, `Infinity` and `-Infinity` tokens (only where a value
 * may stand, never inside strings). Throws SyntaxError naming the position of the fault.
 */
export function parsePythonJson(text: string): JsonValue {
  let i = 0;

  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at position ${i}`);
  };
  const skipSpace = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else return;
    }
  };
  const literal = (word: string, value: JsonValue): JsonValue => {
    if (text.startsWith(word, i)) {
      i += word.length;
      return value;
    }
    return fail('unexpected token');
  };

  const parseString = (): string => {
    i++; // opening quote
    let out = '';
    let run = i;
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(run, i);
        i++;
        return out;
      }
      if (c < 0x20) fail('control character in string');
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(run, i);
      const e = text[i + 1];
      i += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const hex = text.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          i -= 2;
          fail('bad escape');
      }
      run = i;
    }
  };

  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const parseNumber = (): number => {
    if (text.startsWith('-Infinity', i)) {
      i += 9;
      return -Infinity;
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m === null) return fail('bad number');
    i += m[0].length;
    return Number(m[0]);
  };

  const parseValue = (depth: number): JsonValue => {
    skipSpace();
    const c = text[i];
    if (c === '{' || c === '[') {
      if (depth >= MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
      i++;
      skipSpace();
      const close = c === '{' ? '}' : ']';
      const arr: JsonValue[] = [];
      const obj: JsonObject = new Map();
      if (text[i] === close) {
        i++;
        return c === '{' ? obj : arr;
      }
      for (;;) {
        if (c === '{') {
          skipSpace();
          if (text[i] !== '"') fail('expected a string key');
          const key = parseString();
          skipSpace();
          if (text[i] !== ':') fail("expected ':'");
          i++;
          obj.set(key, parseValue(depth + 1));
        } else {
          arr.push(parseValue(depth + 1));
        }
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return c === '{' ? obj : arr;
        }
        return fail(`expected ',' or '${close}'`);
      }
    }
    if (c === '"') return parseString();
    if (c === '-' || (c >= '0' && c <= '9')) return parseNumber();
    if (c === 't') return literal('true', true);
    if (c === 'f') return literal('false', false);
    if (c === 'n') return literal('null', null);
    if (c === 'N') return literal('NaN', NaN);
    if (c === 'I') return literal('Infinity', Infinity);
    return fail(i >= text.length ? 'unexpected end of text' : 'unexpected character');
  };

  const value = parseValue(0);
  skipSpace();
  if (i !== text.length) fail('extra data after the JSON value');
  return value;
}

/** A string as `json.dumps` writes it (ASCII only: other characters as \uXXXX escapes). */
export function pythonJsonString(s: string): string {
  let out = '"';
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += s[k];
  }
  return out + '"';
}

/**
 * A float as Python's `repr` (and so `json.dumps`) writes it: the shortest round-trip digits,
 * positional notation for exponents in [-5, 15] with at least one fractional digit ("1.0"),
 * otherwise "d.ddde±XX"; NaN and ±Infinity as the bare JSON tokens.
 */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  // toExponential() without an argument yields the shortest digits that round-trip.
  const [mantissa, exp] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  const point = e + 1; // digits before the decimal point
  if (point < -3 || point > 16) {
    const frac = digits.length > 1 ? '.' + digits.slice(1) : '';
    const mag = String(Math.abs(e)).padStart(2, '0');
    return `${sign}${digits[0]}${frac}e${e < 0 ? '-' : '+'}${mag}`;
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
