import { describe, expect, test } from 'vitest';
import { deadline, IDLE, nextConfirmation } from './confirmation';

describe('nextConfirmation', () => {
  const pending = nextConfirmation(IDLE, { type: 'written', value: true, at: 1000 });

  test('a write makes the control pending with its target', () => {
    expect(pending).toEqual({ status: 'pending', target: true, sentAt: 1000 });
    expect(deadline(pending, 5000)).toBe(6000);
  });

  test('reported equal to the target confirms; another value does not', () => {
    expect(nextConfirmation(pending, { type: 'reported', value: false }).status).toBe('pending');
    expect(nextConfirmation(pending, { type: 'reported', value: true }).status).toBe('confirmed');
    const slider = nextConfirmation(IDLE, { type: 'written', value: 70, at: 0 });
    expect(nextConfirmation(slider, { type: 'reported', value: 70 }).status).toBe('confirmed');
  });

  test('no answer within the timeout turns it not confirmed, not before', () => {
    expect(nextConfirmation(pending, { type: 'tick', at: 5999, timeoutMs: 5000 }).status).toBe('pending');
    const late = nextConfirmation(pending, { type: 'tick', at: 6000, timeoutMs: 5000 });
    expect(late.status).toBe('not-confirmed');
    expect(deadline(late, 5000)).toBeUndefined();
  });

  test('a late answer still confirms; retry writes again and is pending', () => {
    const late = nextConfirmation(pending, { type: 'tick', at: 9000, timeoutMs: 5000 });
    expect(nextConfirmation(late, { type: 'reported', value: true }).status).toBe('confirmed');
    expect(nextConfirmation(late, { type: 'written', value: true, at: 9500 })).toEqual({
      status: 'pending',
      target: true,
      sentAt: 9500,
    });
  });

  test('a refused write is not confirmed at once; idle and confirmed ignore ticks and failures', () => {
    expect(nextConfirmation(pending, { type: 'write-failed' }).status).toBe('not-confirmed');
    expect(nextConfirmation(IDLE, { type: 'tick', at: 1e9, timeoutMs: 1 })).toBe(IDLE);
    expect(nextConfirmation(IDLE, { type: 'reported', value: true })).toBe(IDLE);
    const confirmed = nextConfirmation(pending, { type: 'reported', value: true });
    expect(nextConfirmation(confirmed, { type: 'tick', at: 1e9, timeoutMs: 1 })).toBe(confirmed);
  });
});
