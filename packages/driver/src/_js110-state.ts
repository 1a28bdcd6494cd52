import type { BulkStream } from './_bulk-stream';
import type { StopEvent } from './stream-events';

/** A running (or ending) bulk stream and the promise of its stop event. */
export interface ActiveStream {
  readonly bulk: BulkStream;
  readonly ended: Promise<StopEvent>;
}

/**
 * The one state of a `Js110` (docs/protocol.md, "Driver states"). `starting` and `closing`
 * may still hold a stream that is ending; `disconnected` is final: the device was removed.
 */
export type Js110State =
  | { readonly kind: 'closed' }
  | { readonly kind: 'opening'; readonly done: Promise<void> }
  | { readonly kind: 'open' }
  | { readonly kind: 'starting'; readonly done: Promise<void>; readonly stream: ActiveStream | null }
  | { readonly kind: 'streaming'; readonly stream: ActiveStream }
  | { readonly kind: 'closing'; readonly done: Promise<void>; readonly stream: ActiveStream | null }
  | { readonly kind: 'disconnected'; readonly stream: ActiveStream | null; readonly released: Promise<void> | null };

/** What happened; `transition` turns it into the next state. `done` promises never reject. */
export type Js110Action =
  | { readonly type: 'open'; readonly done: Promise<void> }
  | { readonly type: 'opened' }
  | { readonly type: 'start'; readonly done: Promise<void> }
  | { readonly type: 'streamStarted'; readonly stream: ActiveStream }
  | { readonly type: 'startFailed' }
  | { readonly type: 'streamEnded'; readonly stream: ActiveStream }
  | { readonly type: 'close'; readonly done: Promise<void> }
  | { readonly type: 'closed' }
  | { readonly type: 'disconnect' }
  | { readonly type: 'release'; readonly done: Promise<void> };

/** The state after `action`; an action that does not apply leaves the state as it is. */
export function transition(state: Js110State, action: Js110Action): Js110State {
  switch (action.type) {
    case 'open':
      return state.kind === 'closed' ? { kind: 'opening', done: action.done } : state;
    case 'opened':
      return state.kind === 'opening' ? { kind: 'open' } : state;
    case 'start':
      if (state.kind === 'open') return { kind: 'starting', done: action.done, stream: null };
      if (state.kind === 'streaming') return { kind: 'starting', done: action.done, stream: state.stream };
      return state;
    case 'streamStarted':
      return state.kind === 'starting' ? { kind: 'streaming', stream: action.stream } : state;
    case 'startFailed':
      return state.kind === 'starting' ? { kind: 'open' } : state;
    case 'streamEnded':
      if (!('stream' in state) || state.stream !== action.stream) return state;
      return state.kind === 'streaming' ? { kind: 'open' } : { ...state, stream: null };
    case 'close':
      if (state.kind === 'open') return { kind: 'closing', done: action.done, stream: null };
      if (state.kind === 'starting' || state.kind === 'streaming') return { kind: 'closing', done: action.done, stream: state.stream };
      return state;
    case 'closed':
      return state.kind === 'opening' || state.kind === 'closing' ? { kind: 'closed' } : state;
    case 'disconnect':
      if (state.kind === 'closed' || state.kind === 'disconnected') return state;
      return { kind: 'disconnected', stream: 'stream' in state ? state.stream : null, released: null };
    case 'release':
      return state.kind === 'disconnected' && state.released === null ? { ...state, released: action.done } : state;
  }
}
