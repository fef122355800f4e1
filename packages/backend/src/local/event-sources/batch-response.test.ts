import { describe, expect, it } from 'vitest';
import { batchOutcome } from './batch-response.js';

describe('batch item failures, read as Lambda reads them', () => {
  it.each([undefined, null, {}, { batchItemFailures: [] }, { batchItemFailures: null }])(
    'treats %j as success',
    (result) => {
      expect(batchOutcome(result, ['a'])).toEqual({ kind: 'success' });
    },
  );

  it('lists the reported items as failed', () => {
    const outcome = batchOutcome({ batchItemFailures: [{ itemIdentifier: 'b' }] }, ['a', 'b', 'c']);

    expect(outcome).toEqual({ kind: 'partial', failed: new Set(['b']) });
  });

  it.each([
    { batchItemFailures: [{ itemIdentifier: 'zzz' }] },
    { batchItemFailures: [{ itemIdentifier: '' }] },
    { batchItemFailures: [{}] },
    { batchItemFailures: 'b' },
  ])('fails the whole batch for %j', (result) => {
    expect(batchOutcome(result, ['a', 'b']).kind).toBe('failure');
  });
});
