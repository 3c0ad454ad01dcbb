/**
 * The platform's request checks, in the order the sandbox applies them: API key in the path,
 * HTTP Basic auth, Content-Type, X-Signature (API.md §1.2, §2). Each check answers null when the
 * request passes, or the error reply to send. Secrets are compared in constant time and never
 * appear in a reply.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { parseHttpDate, phpHashedPassword, sign, signatureMatches, type BodyHashAlgorithm } from '../ixopay/signature';
import { apiError, ErrorCode, type Reply } from './wire';

export interface AuthSettings {
  apiKey: string;
  username: string;
  password: string;
  sharedSecret: string;
  /** 0 = Date freshness is not checked. */
  maxClockSkewSeconds: number;
}

/** The raw request parts a signature covers. */
export interface SignedParts {
  method: string;
  /** Path plus `?query`, exactly as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const BODY_HASHES: readonly BodyHashAlgorithm[] = ['md5', 'sha512'];

/** Checks requests against one set of connector credentials. */
export class Authenticator {
  private readonly apiKeyDigest: Buffer;
  private readonly usernameDigest: Buffer;
  /** The configured password and the 10×SHA-1 form the official PHP client sends. */
  private readonly passwordDigests: Buffer[];

  constructor(private readonly settings: AuthSettings) {
    this.apiKeyDigest = digest(settings.apiKey);
    this.usernameDigest = digest(settings.username);
    this.passwordDigests = [digest(settings.password), digest(phpHashedPassword(settings.password))];
  }

  /** 401/1000 unless the `{apiKey}` path segment is the configured key. */
  checkApiKey(pathApiKey: string): Reply | null {
    let decoded = pathApiKey;
    try {
      decoded = decodeURIComponent(pathApiKey);
    } catch {
      // A malformed escape cannot match the key; compare it as is.
    }
    return timingSafeEqual(digest(decoded), this.apiKeyDigest) ? null : apiError(401, ErrorCode.REQUEST_FAILED, 'Invalid API key');
  }

  /** 401/1000 with a Basic challenge unless username and password (plain or PHP-hashed) match. */
  checkBasicAuth(authorization: string | undefined): Reply | null {
    const challenge = { 'WWW-Authenticate': 'Basic realm="IXOPAY"' };
    const m = authorization === undefined ? null : /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(authorization);
    if (!m) return apiError(401, ErrorCode.REQUEST_FAILED, 'Authentication required: send HTTP Basic credentials', challenge);
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    const userOk = timingSafeEqual(digest(username), this.usernameDigest);
    const passwordDigest = digest(password);
    // Check both forms without short-circuiting, so timing does not tell which one was close.
    const passwordOk = this.passwordDigests.map((d) => timingSafeEqual(passwordDigest, d)).includes(true);
    return userOk && passwordOk ? null : apiError(401, ErrorCode.REQUEST_FAILED, 'Invalid API credentials', challenge);
  }

  /** 415/1005 unless the media type is application/json (parameters such as charset allowed). */
  checkContentType(contentType: string | undefined): Reply | null {
    const mediaType = contentType?.split(';', 1)[0].trim().toLowerCase();
    return mediaType === 'application/json' ? null : apiError(415, ErrorCode.INVALID_REQUEST_BODY, 'Content-Type must be application/json');
  }

  /**
   * 401/1004 unless X-Signature is the HMAC-SHA512 over the request with an MD5 or SHA-512 body
   * hash, the timestamp of X-Date (when present) or Date, and the request URI as received.
   */
  checkSignature(parts: SignedParts, now: Date): Reply | null {
    const signature = headerValue(parts.headers['x-signature']);
    if (signature === undefined || signature === '') return signatureError('Missing X-Signature header');
    const xDate = headerValue(parts.headers['x-date']);
    const dateHeader = xDate !== undefined && xDate !== '' ? 'X-Date' : 'Date';
    const date = dateHeader === 'X-Date' ? xDate : headerValue(parts.headers.date);
    if (date === undefined || date === '') return signatureError('Missing Date header: send Date (or X-Date) with the signed timestamp');
    const parsedDate = parseHttpDate(date);
    if (!parsedDate) return signatureError(`Invalid ${dateHeader} header: expected a date like "Tue, 04 Mar 2025 09:15:00 GMT"`);
    const input = {
      method: parts.method,
      body: parts.body,
      contentType: headerValue(parts.headers['content-type']) ?? '',
      date,
      requestUri: parts.url,
    };
    const valid = BODY_HASHES.some((bodyHash) => signatureMatches(signature, sign(this.settings.sharedSecret, { ...input, bodyHash })));
    if (!valid) return signatureError('Invalid signature');
    const skew = this.settings.maxClockSkewSeconds;
    if (skew > 0 && Math.abs(now.getTime() - parsedDate.getTime()) > skew * 1000) {
      return signatureError(`Request date is more than ${skew} seconds away from the server clock`);
    }
    return null;
  }
}

function signatureError(message: string): Reply {
  return apiError(401, ErrorCode.INVALID_SIGNATURE, message);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Fixed-length digest so timingSafeEqual can compare values of any length. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
