/**
 * Request body serialisation. The signature covers the exact bytes sent, so a body is serialised
 * once, to a Buffer, and those bytes are both hashed and written to the socket.
 */

/**
 * `standard`: plain `JSON.stringify` (UTF-8). `php`: the bytes PHP's `json_encode` produces with
 * default flags, as the official client sends them (`/` as `\/`, every non-ASCII UTF-16 unit as
 * lowercase `\uXXXX`, so astral characters become surrogate pairs). Useful when a connector or a
 * test byte-compares bodies with the PHP client's.
 */
export type JsonStyle = 'standard' | 'php';

/** Serialises a request body to the exact bytes to sign and send. */
export function encodeJsonBody(value: unknown, style: JsonStyle): Buffer {
  const json = JSON.stringify(value);
  return Buffer.from(style === 'php' ? toPhpJsonEscapes(json) : json, 'utf8');
}

// Outside of string literals JSON text is pure ASCII without `/`, so escaping the whole text is the
// same as escaping every string value. Without the `u` flag the class matches UTF-16 code units,
// which yields PHP's surrogate-pair escapes for astral characters.
const PHP_ESCAPED = /[/\u0080-\uffff]/g;

function phpEscape(ch: string): string {
  return ch === '/' ? '\\/' : '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
}

/** Rewrites `JSON.stringify` output into PHP `json_encode` default-flag form. */
export function toPhpJsonEscapes(json: string): string {
  return json.replace(PHP_ESCAPED, phpEscape);
}
