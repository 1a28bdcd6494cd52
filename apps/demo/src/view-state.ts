/**
 * What the plots show: one state value and one transition function. The window is kept in
 * sample ids (floating point, so repeated zooms stay smooth); `viewWindow` turns it into rows.
 */
import { MIN_SPAN_SAMPLES } from './view-window';

/** The visible window. `follow`: the window ends at the newest sample and scrolls with it. */
export interface ViewState {
  follow: boolean;
  /** Window start, in sample ids. */
  start: number;
  /** Window end (exclusive), in sample ids. */
  stop: number;
}

/** What the held data allows: the sample ids held `[first, last)` and the widest window. */
export interface ViewLimits {
  first: number;
  last: number;
  maxSpan: number;
}

/** Everything that changes the window. Fractions are of the plot width, 0 = left edge. */
export type ViewAction =
  | { type: 'data'; limits: ViewLimits }
  | { type: 'zoom'; factor: number; anchor: number; limits: ViewLimits }
  | { type: 'pan'; fraction: number; limits: ViewLimits }
  | { type: 'follow'; limits: ViewLimits }
  | { type: 'pause' }
  | { type: 'show'; start: number; stop: number; limits: ViewLimits };

/** The first window: the newest `span` samples, following. */
export function initialView(span: number): ViewState {
  return { follow: true, start: -span, stop: 0 };
}

function clampSpan(span: number, limits: ViewLimits): number {
  return Math.min(Math.max(span, MIN_SPAN_SAMPLES), Math.max(limits.maxSpan, MIN_SPAN_SAMPLES));
}

/** Keeps a window of the same span inside what can hold data: not after the newest sample, not before the oldest. */
function place(start: number, span: number, limits: ViewLimits, follow: boolean): ViewState {
  let s = start;
  if (s + span > limits.last) s = limits.last - span;
  if (s < limits.first && limits.last - limits.first >= span) s = limits.first;
  return { follow, start: s, stop: s + span };
}

/** The transition function of the view. */
export function viewReduce(state: ViewState, action: ViewAction): ViewState {
  const span = state.stop - state.start;
  switch (action.type) {
    case 'data': {
      // A smaller buffer (a new duration) also narrows a wider window.
      const next = clampSpan(span, action.limits);
      if (!state.follow && next === span) return state;
      return place(state.follow ? action.limits.last - next : state.start, next, action.limits, state.follow);
    }
    case 'zoom': {
      const next = clampSpan(span * action.factor, action.limits);
      if (state.follow && action.factor >= 1) return place(action.limits.last - next, next, action.limits, true);
      const anchor = state.start + Math.min(Math.max(action.anchor, 0), 1) * span;
      return place(anchor - action.anchor * next, next, action.limits, false);
    }
    case 'pan':
      return place(state.start - action.fraction * span, span, action.limits, false);
    case 'follow':
      return place(action.limits.last - span, span, action.limits, true);
    case 'pause':
      return { ...state, follow: false };
    case 'show': {
      const next = clampSpan(action.stop - action.start, action.limits);
      return place((action.start + action.stop - next) / 2, next, action.limits, false);
    }
  }
}
