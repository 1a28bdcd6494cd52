/** Small timer helpers: a sleep, and a yield to the event loop that lets timers run. */

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

type Task = () => void;

/**
 * Schedules `task` as a macrotask as soon as possible: `setImmediate` in Node, a
 * `MessageChannel` elsewhere. Unlike a promise it lets timers and I/O run first.
 */
export const scheduleMacrotask: (task: Task) => void = (() => {
  const g = globalThis as { setImmediate?: (task: Task) => unknown };
  if (typeof g.setImmediate === 'function') {
    const setImmediateFn = g.setImmediate;
    return (task: Task) => {
      setImmediateFn(task);
    };
  }
  if (typeof MessageChannel === 'function') {
    const queue: Task[] = [];
    const channel = new MessageChannel();
    // Typed structurally: Node's MessagePort typings differ from the browser's.
    (channel.port1 as unknown as { onmessage: (() => void) | null }).onmessage = () => {
      const task = queue.shift();
      if (task) task();
    };
    return (task: Task) => {
      queue.push(task);
      channel.port2.postMessage(0);
    };
  }
  return (task: Task) => {
    setTimeout(task, 0);
  };
})();

/** Milliseconds from a monotonic clock. */
export function now(): number {
  return performance.now();
}
