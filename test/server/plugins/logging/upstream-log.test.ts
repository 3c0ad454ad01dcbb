import { upstreamCallLogger } from '../../../../src/server/plugins/logging';
import { captureLogger } from '../capture-logger';

describe('upstreamCallLogger', () => {
  it('logs answered calls at debug with operation, status, duration and outcome', () => {
    const capture = captureLogger('debug');
    const log = upstreamCallLogger(capture.logger);
    log({ operation: 'getProfile', status: 200, durationMs: 12.3456, outcome: 'ok', attempt: 1 });
    log({ operation: 'getProfile', status: 200, durationMs: 5, outcome: 'PROFILE_NOT_FOUND', errorCode: 2002, attempt: 1 });
    expect(capture.records()).toEqual([
      expect.objectContaining({
        level: 'debug',
        msg: 'ixopay call',
        operation: 'getProfile',
        status: 200,
        durationMs: 12.35,
        outcome: 'ok',
        attempt: 1,
      }),
      expect.objectContaining({ level: 'debug', outcome: 'PROFILE_NOT_FOUND', errorCode: 2002 }),
    ]);
  });

  it('logs failures at warn with the IXOPAY error code', () => {
    const capture = captureLogger('info');
    const log = upstreamCallLogger(capture.logger);
    log({ operation: 'updateProfile', status: 503, durationMs: 30, outcome: 'UPSTREAM_UNAVAILABLE', attempt: 2 });
    log({ operation: 'updateProfile', status: 200, durationMs: 30, outcome: 'UPSTREAM_REJECTED', errorCode: 1002, attempt: 1 });
    log({ operation: 'getProfile', status: 200, durationMs: 1, outcome: 'ok', attempt: 1 });
    expect(capture.records()).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'ixopay call failed',
        operation: 'updateProfile',
        status: 503,
        outcome: 'UPSTREAM_UNAVAILABLE',
        attempt: 2,
      }),
      expect.objectContaining({ level: 'warn', outcome: 'UPSTREAM_REJECTED', errorCode: 1002 }),
    ]);
  });
});
