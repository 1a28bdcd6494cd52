/**
 * Memory the process may still allocate, where the platform tells: Node's free memory
 * (MemAvailable on Linux), or null when unknown (browsers), in which case only an actual
 * allocation failure is reported.
 */
interface OsLike {
  freemem(): number;
}
interface ProcessLike {
  getBuiltinModule?: (id: string) => unknown;
}

export function availableMemory(): number | null {
  const proc = (globalThis as { process?: ProcessLike }).process;
  const os = proc?.getBuiltinModule?.('node:os') as OsLike | undefined;
  if (os === undefined || typeof os.freemem !== 'function') return null;
  return os.freemem();
}
