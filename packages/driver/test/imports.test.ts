// The import graph of src/: no cycle, and only the /node entry reaches the libusb adapter.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../src');
const files = readdirSync(SRC).filter((f) => f.endsWith('.ts'));
const graph = new Map(
  files.map((f) => {
    const text = readFileSync(join(SRC, f), 'utf8');
    const deps = [...text.matchAll(/from '\.\/([^']+)'/g)].map((m) => `${m[1]}.ts`);
    return [f, deps];
  }),
);

function reachable(from: string): Set<string> {
  const seen = new Set<string>();
  const visit = (f: string): void => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const d of graph.get(f) ?? []) visit(d);
  };
  visit(from);
  return seen;
}

describe('the import graph of src/', () => {
  it('resolves every relative import to a file', () => {
    const missing = [...graph].flatMap(([f, deps]) => deps.filter((d) => !graph.has(d)).map((d) => `${f} -> ${d}`));
    expect(missing).toEqual([]);
  });

  it('has no cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(f)), f].join(' -> '));
        return;
      }
      state.set(f, 'visiting');
      stack.push(f);
      for (const d of graph.get(f) ?? []) visit(d);
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f);
    expect(cycles).toEqual([]);
  });

  it('keeps the Node adapter and the emulator out of the main and browser entries', () => {
    const nodeOnly = ['node-provider.ts', '_libusb-device.ts', 'libusb.ts', 'udev.ts'];
    const emulatorOnly = ['emulated-js110.ts', '_emulator-packets.ts', '_emulator-encoder.ts', '_emulator-statistics.ts', 'emulator-calibration.ts'];
    for (const entry of ['index.ts', 'browser.ts']) {
      const r = reachable(entry);
      expect([...nodeOnly, ...emulatorOnly].filter((f) => r.has(f)), entry).toEqual([]);
    }
    expect(reachable('emulator.ts').has('_libusb-device.ts')).toBe(false);
    expect(reachable('node.ts').has('emulated-js110.ts')).toBe(false);
  });
});
