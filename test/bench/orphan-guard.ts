/**
 * For the benchmark's own child processes (baseline server, sandbox launcher): exit when the
 * runner that started us is gone (e.g. killed with SIGKILL, which no cleanup handler sees), so
 * nothing keeps listening after a run.
 */
export function exitWhenOrphaned(intervalMs = 1000): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, intervalMs);
  timer.unref();
}
