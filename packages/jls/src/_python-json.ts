/**
 * JSON text as pyjls writes and reads it (Python's `json.dumps` / `json.loads` defaults), for
 * JSON user data and JSON annotations: `", "` and `": "` separators, non-ASCII escaped as
 * `\uXXXX`, floats in `repr` form (`1e-05`, `0.25`), and the bare tokens `NaN`, `Infinity` and
 * `-Infinity` (which `JSON.parse` rejects).
 */

/** A JSON value: what `userData` and `annotation` store as JSON. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

const MAX_DEPTH = 64;

/** Python-compatible JSON text of `value`. Throws TypeError for what JSON cannot hold. */
export function pythonJsonStringify(value: unknown): string {
  return write(value, 0, '$');
}

function write(v: unknown, depth: number, path: string): string {
  if (depth > MAX_DEPTH) throw new TypeError(`JSON data nests deeper than ${MAX_DEPTH} levels at ${path}`);
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return number(v);
    case 'string':
      return string(v);
    case 'object': {
      if (Array.isArray(v)) return `[${v.map((x, i) => write(x, depth + 1, `${path}[${i}]`)).join(', ')}]`;
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`JSON data can hold plain objects and arrays only; ${path} is a ${describe(v)}`);
      }
      const parts = Object.entries(v as Record<string, unknown>).map(
        ([k, x]) => `${string(k)}: ${write(x, depth + 1, `${path}.${k}`)}`,
      );
      return `{${parts.join(', ')}}`;
    }
    default:
      throw new TypeError(`JSON data cannot hold a ${typeof v} (at ${path})`);
  }
}

function describe(v: object): string {
  const c = (v as { constructor?: { name?: string } }).constructor;
  return c?.name ?? 'object';
}

function string(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function number(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return Object.is(x, -0) ? '-0.0' : String(x);
  // repr(float): the shortest round-trip digits, fixed notation for 1e-4 <= |x| < 1e16.
  const [mantissa, exp] = x.toExponential().split('e');
  const e = Number(exp);
  const neg = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = neg ? '-' : '';
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const int = digits.slice(0, e + 1).padEnd(e + 1, '0');
  const frac = digits.slice(e + 1);
  return `${sign}${int}.${frac === '' ? '0' : frac}`;
}

/** Parses JSON text, accepting Python's bare `NaN`, `Infinity` and `-Infinity` tokens. */
export function pythonJsonParse(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    if (!/NaN|Infinity/.test(text)) throw e;
  }
  let marker = '\u0000jls-number:';
  while (text.includes(marker)) marker += '#';
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, ++i);
    } else if (text.startsWith('NaN', i)) {
      out += JSON.stringify(`${marker}NaN`);
      i += 3;
    } else if (text.startsWith('-Infinity', i)) {
      out += JSON.stringify(`${marker}-Infinity`);
      i += 9;
    } else if (text.startsWith('Infinity', i)) {
      out += JSON.stringify(`${marker}Infinity`);
      i += 8;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out, (_key, v: unknown) =>
    typeof v === 'string' && v.startsWith(marker) ? Number(v.slice(marker.length)) : v,
  ) as JsonValue;
}
