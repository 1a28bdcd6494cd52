/** A minimal typed listener list; a throwing listener is reported, not propagated. */
export class Listeners<T> {
  private readonly list: ((value: T) => void)[] = [];

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  add(listener: (value: T) => void): () => void {
    this.list.push(listener);
    return () => {
      const i = this.list.indexOf(listener);
      if (i >= 0) this.list.splice(i, 1);
    };
  }

  emit(value: T): void {
    for (const listener of [...this.list]) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
