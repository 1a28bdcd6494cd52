/**
 * Settles as `operation` does, or rejects with `onTimeout()` after `ms` milliseconds; a late
 * result of the operation is then dropped (and a late failure caught). How the driver bounds
 * every wait on a device that may never answer (docs/protocol.md, "Timeouts").
 */
export function withDeadline<T>(operation: () => Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    let pending: Promise<T>;
    try {
      pending = Promise.resolve(operation());
    } catch (error) {
      pending = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
