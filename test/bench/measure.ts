/**
 * What the benchmark reads about a process from /proc (Linux only): CPU time from
 * /proc/<pid>/stat and memory from /proc/<pid>/status, plus a small RSS sampler and the
 * percentile arithmetic used for latencies.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let cachedTicks: number | undefined;

/** Kernel clock ticks per second (`getconf CLK_TCK`), 100 when it cannot be read. */
export function clockTicksPerSecond(): number {
  if (cachedTicks !== undefined) return cachedTicks;
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2000 }).trim());
    cachedTicks = Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    cachedTicks = 100;
  }
  return cachedTicks;
}

/** utime + stime of a process, in milliseconds (resolution 1000 / CLK_TCK ms). */
export function readCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14 and stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`cannot parse /proc/${pid}/stat`);
  return ((utime + stime) * 1000) / clockTicksPerSecond();
}

/** Resident memory now (VmRSS) and its high-water mark (VmHWM), in MB (2^20 bytes). */
export interface MemoryReading {
  rssMb: number;
  hwmMb: number;
}

export function readMemory(pid: number): MemoryReading {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => {
    const match = new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    return match ? Number(match[1]) : NaN;
  };
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** One RSS sample of one process. */
export interface RssSample {
  /** Milliseconds since the sampler started. */
  tMs: number;
  rssMb: number;
}

/**
 * Samples VmRSS of some processes at a fixed interval until stopped. Keeps every sample (a
 * 5-minute soak at 5 s is 60 samples; a 5 s measurement at 500 ms is 10).
 */
export class RssSampler {
  private readonly samples = new Map<number, RssSample[]>();
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();

  constructor(
    private readonly pids: number[],
    private readonly intervalMs: number,
  ) {
    for (const pid of pids) this.samples.set(pid, []);
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  private sample(): void {
    const tMs = Date.now() - this.started;
    for (const pid of this.pids) {
      try {
        this.samples.get(pid)!.push({ tMs, rssMb: readMemory(pid).rssMb });
      } catch {
        // The process is gone; the caller finds out through its own checks.
      }
    }
  }

  /** Takes a last sample and stops; returns the samples per pid. */
  stop(): Map<number, RssSample[]> {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.sample();
    }
    return this.samples;
  }

  /** Highest sampled RSS of a pid, in MB (NaN without samples). */
  max(pid: number): number {
    const list = this.samples.get(pid) ?? [];
    return list.length === 0 ? NaN : Math.max(...list.map((s) => s.rssMb));
  }
}

/** Nearest-rank percentile of an ascending array (NaN when empty). */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  return sortedAscending[Math.min(sortedAscending.length - 1, Math.max(0, rank - 1))];
}

/** Mean of the values (NaN when empty). */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}
