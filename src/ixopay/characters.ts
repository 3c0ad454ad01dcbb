/**
 * Length as IXOPAY's limits count it: in characters (code points), so an emoji is one character,
 * not the two UTF-16 units of `string.length`.
 */
export function characterCount(value: string): number {
  // Without surrogates the two counts agree; only then is the cheap one right.
  return /[\uD800-\uDFFF]/.test(value) ? [...value].length : value.length;
}
