/**
 * Telling graphql-js's token-limit abort from a plain syntax error. Apollo passes `maxTokens` to
 * the parser, which aborts an oversized document with a syntax error at the first token past the
 * limit; formatError asks (only for parse failures) whether exactly `max` tokens precede that
 * position, which no ordinary syntax error earlier in the document satisfies.
 */
import { Lexer, Source, TokenKind } from 'graphql';

/** True when the parse error at `position` is where the parser stopped counting past `max` tokens. */
export function abortedAtTokenLimit(source: string, position: number, max: number): boolean {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF && token.start < position; token = lexer.advance()) {
      if (++count > max) return false;
    }
  } catch {
    // A lexical error before the position: that error is the parse failure, not the limit.
    return false;
  }
  return count === max;
}
