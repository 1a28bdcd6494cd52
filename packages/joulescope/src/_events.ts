/** A small typed event emitter: listeners per event name, errors of listeners reported, not thrown. */
export class Emitter<E extends object> {
  private readonly listeners = new Map<keyof E, Set<(value: never) => void>>();
  private readonly onListenerError: (error: unknown, event: keyof E) => void;

  constructor(onListenerError: (error: unknown, event: keyof E) => void) {
    this.onListenerError = onListenerError;
  }

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof E>(event: K, listener: (value: E[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const entry = listener as (value: never) => void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /** True when `event` has a listener. */
  has(event: keyof E): boolean {
    const set = this.listeners.get(event);
    return set !== undefined && set.size > 0;
  }

  emit<K extends keyof E>(event: K, value: E[K]): void {
    const set = this.listeners.get(event);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as (value: E[K]) => void)(value);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
