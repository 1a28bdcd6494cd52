/**
 * CPU time of Chromium's threads, read from Linux /proc, by process type and thread name: e.g.
 * `renderer/DedicatedWorker` (the page's worker) and `renderer/chromium` (the page's main
 * thread, which keeps the executable's name), for the processes under one browser process.
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function stat(path: string): { comm: string; ppid: number; ticks: number } | null {
  try {
    const text = readFileSync(path, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // After "(comm) ": state ppid ... utime is field 14, stime 15 (1-based) of the whole line.
    return { comm, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** The pid of the browser process started with `userDataDir`, or null. */
export function browserPid(userDataDir: string): number | null {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmd.includes(`--user-data-dir=${userDataDir}`) && !cmd.includes('--type=')) return Number(name);
    } catch {
      // the process ended
    }
  }
  return null;
}

function processType(pid: number): string {
  try {
    const cmd = readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8');
    return /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
  } catch {
    return 'gone';
  }
}

/** Seconds of CPU per `type/thread` name, summed over `rootPid` and the processes under it. */
export function threadSeconds(rootPid: number): Map<string, number> {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(`/proc/${name}/stat`);
    if (s !== null) parent.set(Number(name), s.ppid);
  }
  const isUnder = (pid: number): boolean => {
    for (let p = pid, k = 0; p > 1 && k < 10; p = parent.get(p) ?? 0, k++) if (p === rootPid) return true;
    return false;
  };
  const out = new Map<string, number>();
  for (const pid of parent.keys()) {
    if (!isUnder(pid)) continue;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${String(pid)}/task`);
    } catch {
      continue;
    }
    const type = processType(pid);
    for (const tid of tasks) {
      const s = stat(`/proc/${String(pid)}/task/${tid}/stat`);
      if (s !== null) out.set(`${type}/${s.comm}`, (out.get(`${type}/${s.comm}`) ?? 0) + s.ticks / TICKS_PER_SECOND);
    }
  }
  return out;
}
