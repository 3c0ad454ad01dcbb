/**
 * Validation of the configured IXOPAY base URL. The credentials travel in every request, so plain
 * `http://` is only tolerated towards the local machine (tests, the embedded sandbox).
 */

/** A checked base URL, split into what undici dials and what the signature covers. */
export interface BaseUrl {
  /** `scheme://host[:port]`, what the dispatcher connects to. */
  readonly origin: string;
  /** Path prefix without trailing slash (`''` or e.g. `/sandbox`); part of every signed URI. */
  readonly pathPrefix: string;
  readonly secure: boolean;
}

/**
 * Parses and checks the base URL. Throws a plain Error whose message never echoes the URL: it may
 * carry user-info, and the caller's configuration is the place to look it up.
 */
export function parseBaseUrl(raw: string, label = 'IXOPAY base URL'): BaseUrl {
  const checked = check(raw);
  if (typeof checked === 'string') throw new Error(`${label} ${checked}`);
  return checked;
}

/** What is wrong with `raw` as a base URL (a phrase, without the URL), or undefined. */
export function baseUrlProblem(raw: string): string | undefined {
  const checked = check(raw);
  return typeof checked === 'string' ? checked : undefined;
}

function check(raw: string): BaseUrl | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a valid absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use https (or http towards a loopback host)';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return 'must use https: plain http is only allowed towards a loopback host (127.0.0.0/8, ::1, localhost)';
  }
  if (url.username !== '' || url.password !== '') return 'must not contain credentials; configure username and password separately';
  if (url.search !== '' || url.hash !== '') return 'must not contain a query string or fragment';
  return {
    origin: url.origin,
    // URL already percent-encodes the path; the trailing slash is dropped so `/api/v3/…` appends.
    pathPrefix: url.pathname.replace(/\/+$/, ''),
    secure: url.protocol === 'https:',
  };
}

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** True for `localhost`, 127.0.0.0/8 and ::1 (as WHATWG URL spells hostnames). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  // WHATWG URL has already normalised 127.1, 0x7f.0.0.1, [0:0::1] and friends to these spellings.
  return host === 'localhost' || IPV4_LOOPBACK.test(host) || host === '[::1]';
}
