/**
 * Operation names come from clients; as a label they must not grow the series count without bound.
 * The first N distinct names are kept (truncated), later new ones collapse into `other`.
 */

/** Caps distinct label values at `maxDistinct`; unnamed operations are `anonymous`. */
export class BoundedNames {
  private readonly seen = new Set<string>();

  constructor(
    private readonly maxDistinct = 200,
    private readonly maxLength = 64,
  ) {}

  /** The label value to use for this operation name. */
  label(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    const value = name.slice(0, this.maxLength);
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.maxDistinct) return 'other';
    this.seen.add(value);
    return value;
  }
}
