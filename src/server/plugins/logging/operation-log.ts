/**
 * One info line per GraphQL operation, from its OperationReport. Never the query text or variables
 * (they carry personal and payment data): the query's sha256 identifies the document instead.
 */
import type { Logger } from 'pino';
import type { OperationReport } from '../../operations/report';

/** Writes the info line of one operation. */
export function logOperation(logger: Logger, report: OperationReport): void {
  const { operationName, operationType, outcome, errorCodes } = report.outcome;
  logger.info(
    {
      requestId: report.requestId,
      operationName,
      operationType,
      outcome,
      errorCodes,
      durationMs: Math.round(report.durationMs * 100) / 100,
      httpStatus: report.httpStatus,
      queryHash: report.queryHash,
    },
    'graphql operation',
  );
}
