// CPU time by component of the stack, from /proc/<pid>/stat: utime + stime of every process of a
// component (its recorded pid and all its descendants, e.g. nginx's workers). Unlike wall-clock
// throughput, CPU time spent per request stays meaningful on a machine that other work shares.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const COMPONENTS = ['backends', 'primary', 'replicas', 'nginx', 'redis'] as const;
export type Component = (typeof COMPONENTS)[number];
/** Microseconds of CPU per component, and their sum. */
export type CpuMicros = Record<Component | 'total', number>;

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // exited
  }
}

/** utime + stime in microseconds (fields 14 and 15 of stat; 0 and 1 of statFields are 3 and 4). */
function cpuMicrosOf(pid: number): number {
  const f = statFields(pid);
  return f ? ((Number(f[11]) + Number(f[12])) * 1e6) / ticksPerSecond : 0;
}

/** CPU time of these processes so far (only themselves), in microseconds. */
export const processesCpuMicros = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuMicrosOf(pid), 0);

/** Every process under the given roots, the roots included. */
function withDescendants(roots: number[]): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const ppid = Number(statFields(pid)?.[1]);
    if (ppid) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const all: number[] = [];
  const walk = (pid: number) => {
    all.push(pid);
    (children.get(pid) ?? []).forEach(walk);
  };
  roots.forEach(walk);
  return all;
}

const readPid = (file: string) => {
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || !statFields(pid)) throw new Error(`${file} names no running process`);
  return pid;
};

/** The root pids of each component, from build.sh's pid files in its stack directory. */
export function stackPids(stackDir: string, backends: number, replicas: number): Record<Component, number[]> {
  const run = join(stackDir, 'run');
  const db = join(stackDir, 'mariadb');
  return {
    backends: Array.from({ length: backends }, (_, i) => readPid(join(run, `backend_${i + 1}.pid`))),
    primary: [readPid(join(db, 'primary', 'mariadbd.pid'))],
    replicas: Array.from({ length: replicas }, (_, i) => readPid(join(db, `replica${i + 1}`, 'mariadbd.pid'))),
    nginx: [readPid(join(run, 'nginx-master.pid'))],
    redis: [readPid(join(stackDir, 'redis', 'redis.pid'))],
  };
}

/**
 * CPU time spent by each component between start() and stop(). The process trees are taken at
 * start; a process that exits during the window loses its time (its parent only gains it once it
 * reaps it), so the window must not span a restart.
 */
export class CpuMeter {
  private pids: Record<Component, number[]> | undefined;
  private before: Record<Component, number> | undefined;

  constructor(private readonly roots: () => Record<Component, number[]>) {}

  start(): void {
    const roots = this.roots();
    this.pids = Object.fromEntries(COMPONENTS.map((c) => [c, withDescendants(roots[c])])) as Record<Component, number[]>;
    this.before = this.sample();
  }

  stop(): CpuMicros {
    if (!this.before) throw new Error('CpuMeter.stop() before start()');
    const after = this.sample();
    const spent = Object.fromEntries(COMPONENTS.map((c) => [c, after[c] - this.before![c]])) as Record<Component, number>;
    this.before = undefined;
    return { ...spent, total: COMPONENTS.reduce((sum, c) => sum + spent[c], 0) };
  }

  private sample(): Record<Component, number> {
    return Object.fromEntries(COMPONENTS.map((c) => [c, this.pids![c].reduce((sum, pid) => sum + cpuMicrosOf(pid), 0)])) as Record<
      Component,
      number
    >;
  }
}

/** CPU time per unit of work (a vote, a request), in microseconds, rounded to 0.1. */
export function perUnit(spent: CpuMicros, units: number): CpuMicros {
  const each = (us: number) => (units > 0 ? Math.round((us / units) * 10) / 10 : 0);
  return Object.fromEntries(Object.entries(spent).map(([k, us]) => [k, each(us)])) as CpuMicros;
}
