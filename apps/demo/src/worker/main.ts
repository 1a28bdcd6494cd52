/**
 * The worker entry: the device, the buffer and recordings live here, off the page's thread (the
 * buffer's WebAssembly kernel may only be compiled synchronously off the main thread).
 */
import type { WorkerMessage } from '../protocol';
import { Engine } from './engine';
import { workerDeps } from './deps';

interface WorkerScope {
  postMessage(message: WorkerMessage, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

const scope = globalThis as unknown as WorkerScope;
const engine = new Engine((message, transfer) => scope.postMessage(message, transfer), workerDeps());
scope.onmessage = (event) => {
  void engine.receive(event.data);
};
