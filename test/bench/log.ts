/** Progress and problems go to stderr: stdout carries only a tool's result (the bench's report, the soak's summary line). */
export const log = (message: string) => process.stderr.write(`${message}\n`);
