/**
 * The glitch-suppression mode string (docs/samples.md, "Modes"): `<mode>_<pre>_<window>_<post>`,
 * e.g. `interp_1_n_1` (the default), `mean_2_3_1`, `nan_0_m_0`, or `off`.
 */

/** What the filter puts in a window: nothing (off), NaN, an interpolation or a mean. */
export const SuppressType = { Off: 0, Nan: 1, Interp: 2, Mean: 3 } as const;
/** One of the `SuppressType` values. */
export type SuppressType = (typeof SuppressType)[keyof typeof SuppressType];

/** Which window table a mode uses: none (fixed integer window), M (aggressive) or N (conservative). */
export type SuppressMatrix = 'm' | 'n' | null;

/** A parsed glitch filter mode (see `parseSuppressMode`). */
export interface SuppressConfig {
  readonly type: SuppressType;
  readonly pre: number;
  readonly post: number;
  /** Fixed window length when `matrix` is null. */
  readonly window: number;
  readonly matrix: SuppressMatrix;
}

/** Raised for a mode string outside the grammar; the previous mode stays in effect. */
export class SuppressModeError extends RangeError {
  override name = 'SuppressModeError';
}

/** The configuration of mode `off`. */
export const SUPPRESS_OFF: SuppressConfig = { type: SuppressType.Off, pre: 0, post: 0, window: 0, matrix: null };

/** The default mode of a fresh processor and of the driver: `interp_1_n_1`. */
export const SUPPRESS_DEFAULT_MODE = 'interp_1_n_1';

const GRAMMAR = "expected 'off', 'normal' or '<nan|interp|interpolate|mean|off>_<pre>_<window>_<post>'";

function parseInteger(part: string, what: string, mode: string): number {
  const text = part.trim();
  if (!/^[+-]?\d+$/.test(text)) {
    throw new SuppressModeError(`suppress mode '${mode}': ${what} '${part}' is not an integer (${GRAMMAR})`);
  }
  return Number.parseInt(text, 10);
}

/**
 * Parses a mode exactly as the reference setter does (case-insensitive; `normal` means
 * `interp_1_n_1`; interp forces pre = post = 1, nan forces 0, mean forces 1/1 when both are 0).
 * `null`, `undefined`, `false` and `''` mean off.
 */
export function parseSuppressMode(value: unknown): SuppressConfig {
  if (value === null || value === undefined || value === false || value === '') return SUPPRESS_OFF;
  if (typeof value !== 'string') {
    throw new TypeError(`suppress mode must be a string, got ${typeof value}`);
  }
  let mode = value.toLowerCase();
  if (mode === 'off') return SUPPRESS_OFF;
  if (mode === 'normal') mode = SUPPRESS_DEFAULT_MODE;
  const parts = mode.split('_');
  if (parts.length !== 4) {
    throw new SuppressModeError(`suppress mode '${value}' has ${String(parts.length)} '_'-separated parts, ${GRAMMAR}`);
  }
  const [name, preText, windowText, postText] = parts;
  let pre = Math.max(0, parseInteger(preText, 'pre', value));
  let post = Math.max(0, parseInteger(postText, 'post', value));
  let window = 0;
  let matrix: SuppressMatrix = null;
  if (windowText === 'm' || windowText === 'n') {
    matrix = windowText;
  } else {
    window = parseInteger(windowText, 'window', value);
    if (window > 12) {
      throw new SuppressModeError(`suppress mode '${value}': window ${String(window)} exceeds 12 samples (or use 'm' / 'n')`);
    }
  }
  switch (name) {
    case 'nan':
      return { type: SuppressType.Nan, pre: 0, post: 0, window, matrix };
    case 'interp':
    case 'interpolate':
      return { type: SuppressType.Interp, pre: 1, post: 1, window, matrix };
    case 'mean':
      if (pre > 8 || post > 8) {
        throw new SuppressModeError(`suppress mode '${value}': mean pre and post must be at most 8`);
      }
      if (pre + post <= 0) {
        pre = 1;
        post = 1;
      }
      return { type: SuppressType.Mean, pre, post, window, matrix };
    case 'off':
      return SUPPRESS_OFF;
    default:
      throw new SuppressModeError(`suppress mode '${value}': unknown type '${name}', ${GRAMMAR}`);
  }
}

const TYPE_NAMES = ['off', 'nan', 'interp', 'mean'] as const;

/** The readback string of a configuration, as the reference getter formats it. */
export function formatSuppressMode(config: SuppressConfig): string {
  if (config === null || typeof config !== 'object' || !(config.type in TYPE_NAMES)) {
    throw new TypeError('formatSuppressMode needs a configuration from parseSuppressMode');
  }
  if (config.type === SuppressType.Off) return 'off';
  const window = config.matrix ?? String(config.window);
  return `${TYPE_NAMES[config.type]}_${String(config.pre)}_${window}_${String(config.post)}`;
}
