/** The page entry: starts the worker and the page, then opens the emulated JS110 (unless `?autostart=0`). */
import './style.css';
import { App } from './app';
import { WorkerClient } from './worker-client';

const worker = new Worker(new URL('./worker/main.ts', import.meta.url), { type: 'module', name: 'joulescope' });
const app = new App(new WorkerClient(worker));
(window as Window & { joulescopeDemo?: unknown }).joulescopeDemo = app.handle();
if (new URLSearchParams(location.search).get('autostart') !== '0') void app.open({ kind: 'emulated' });
