/**
 * Control endpoints of the asynchronous register flow: list and show transactions, complete or
 * fail a pending one, and the page a REDIRECT register's redirectUrl opens — a stand-in for the
 * bank's 3-D Secure challenge with a button to complete and one to fail the transaction. The
 * page's buttons post with `?redirect=1`, which answers 303 to the register's successUrl
 * (complete) or errorUrl / cancelUrl (fail) when it sent one, so a browser returns to the shop.
 */
import type { ServerResponse } from 'node:http';
import { TransactionControlError, type TransactionController, type TransactionOutcome, type TransactionView } from './pending-transactions';
import type { Route } from './router';
import { apiError, ErrorCode, sendReply } from './wire';

const STATUSES = ['pending', 'completed', 'failed'] as const;

const ERROR_STATUS: Record<TransactionControlError['code'], number> = { TRANSACTION_NOT_FOUND: 404, NOT_PENDING: 409, PROFILE_NOT_FOUND: 422 };

/** Answers a `/__sandbox/transactions…` request. */
export async function answerTransactionControl(
  transactions: TransactionController,
  route: Extract<Route, { kind: 'control' }>,
  query: URLSearchParams,
  res: ServerResponse,
): Promise<void> {
  const uuid = route.uuid ?? '';
  switch (route.action) {
    case 'transactions': {
      const status = query.get('status') ?? undefined;
      if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
        return sendReply(res, apiError(400, ErrorCode.INVALID_REQUEST_DATA, `Invalid request data: status must be one of ${STATUSES.join(', ')}`));
      }
      return sendReply(res, { status: 200, body: { transactions: transactions.list(status as (typeof STATUSES)[number] | undefined) } });
    }
    case 'transaction': {
      const view = transactions.get(uuid);
      return sendReply(res, view ? { status: 200, body: view } : notFound());
    }
    case 'transaction/complete':
    case 'transaction/fail': {
      const completing = route.action === 'transaction/complete';
      let outcome: TransactionOutcome;
      try {
        outcome = await (completing ? transactions.complete(uuid) : transactions.fail(uuid));
      } catch (error) {
        if (!(error instanceof TransactionControlError)) throw error;
        const code = error.code === 'TRANSACTION_NOT_FOUND' ? ErrorCode.INVALID_REQUEST_DATA : ErrorCode.LOGICAL_ERROR;
        return sendReply(res, {
          status: ERROR_STATUS[error.code],
          body: { success: false, errorMessage: error.message, errorCode: code, details: null, reason: error.code },
        });
      }
      const t = outcome.transaction;
      const back = completing ? t.successUrl : (t.errorUrl ?? t.cancelUrl);
      if (query.get('redirect') === '1' && back !== null && isWebUrl(back)) {
        res.writeHead(303, { Location: back, 'Content-Length': '0' });
        res.end();
        return;
      }
      return sendReply(res, { status: 200, body: { success: true, ...outcome } });
    }
    case 'transaction/redirect': {
      const view = transactions.get(uuid);
      if (!view) return sendReply(res, notFound());
      const html = challengePage(view);
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(html)),
        'Cache-Control': 'no-store',
      });
      res.end(html);
      return;
    }
    default:
      return sendReply(res, apiError(404, ErrorCode.REQUEST_FAILED, 'Not found: no such control route'));
  }
}

function challengePage(t: TransactionView): string {
  const actions =
    t.status === 'pending'
      ? `<form method="post" action="complete?redirect=1"><button type="submit">Authenticate (complete)</button></form>
<form method="post" action="fail?redirect=1"><button type="submit">Fail</button></form>`
      : `<p>This transaction is ${t.status}.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>IXOPAY sandbox: 3-D Secure</title></head>
<body>
<h1>Simulated 3-D Secure challenge</h1>
<p>Register ${escapeHtml(t.uuid)} (${escapeHtml(t.paymentMethod)}, merchantTransactionId ${escapeHtml(t.merchantTransactionId)}).</p>
${actions}
</body></html>
`;
}

function notFound() {
  return apiError(404, ErrorCode.INVALID_REQUEST_DATA, 'No asynchronous register transaction with this uuid');
}

// Only http(s) targets: a javascript: or data: URL from a register body must never become a Location.
function isWebUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
