/**
 * The page's side of the protocol: typed calls with promises, and the pushed status.
 */
import { WorkerCallError, type EventMessage, type Method, type WorkerApi, type WorkerMessage } from './protocol';

/** What the client needs of a worker (a `Worker`, or a fake in tests). */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** Calls into the worker; one promise per call, settled by its reply. */
export class WorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Receives the worker's pushed messages (status, stopped). */
  onEvent: ((event: EventMessage) => void) | null = null;

  constructor(private readonly worker: WorkerLike) {
    worker.onmessage = (event: MessageEvent) => this.receive(event.data as WorkerMessage);
  }

  /** Calls `method`; `transfer` lists buffers of `args` to move instead of copy. */
  call<M extends Method>(method: M, args: WorkerApi[M]['args'], transfer: Transferable[] = []): Promise<WorkerApi[M]['result']> {
    const id = this.nextId++;
    return new Promise<WorkerApi[M]['result']>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ kind: 'call', id, method, args }, transfer);
    });
  }

  /** Calls waiting for their reply. */
  get inFlight(): number {
    return this.pending.size;
  }

  private receive(message: WorkerMessage): void {
    if (message.kind !== 'reply') {
      this.onEvent?.(message);
      return;
    }
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new WorkerCallError(message.error));
  }
}
