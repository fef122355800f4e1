/** What a batch invocation's outcome means for the event source. */
export type BatchOutcome =
  | { readonly kind: 'success' }
  | { readonly kind: 'partial'; readonly failed: ReadonlySet<string> }
  | { readonly kind: 'failure'; readonly reason: string };

/**
 * Reads a handler's return value as Lambda does for event source mappings
 * with `ReportBatchItemFailures`: no `batchItemFailures` (or an empty list)
 * is success; listed ids are partial failure; an id that is empty or not in
 * the batch makes the whole batch fail, like a thrown error.
 *
 * @example
 * ```ts
 * batchOutcome({ batchItemFailures: [{ itemIdentifier: 'm2' }] }, ['m1', 'm2']); // partial, failed: {'m2'}
 * ```
 */
export function batchOutcome(result: unknown, ids: readonly string[]): BatchOutcome {
  const failures = (result as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'failure', reason: 'batchItemFailures is not a list' };
  if (failures.length === 0) return { kind: 'success' };
  const known = new Set(ids);
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !known.has(id)) {
      return { kind: 'failure', reason: `batchItemFailures names an unknown item (${String(id)})` };
    }
    failed.add(id);
  }
  return { kind: 'partial', failed };
}
