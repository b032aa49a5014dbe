import { useEffect, useReducer, useRef } from 'react';
import { type Confirmation, type ConfirmationEvent, deadline, IDLE, nextConfirmation } from '../utils/confirmation';

/** The confirmation state of one control, fed by the device's reported value and a timer for the timeout. */
export function useConfirmation(
  reported: unknown,
  timeoutMs: number,
): [Confirmation, (event: ConfirmationEvent) => void, () => unknown] {
  const [state, dispatch] = useReducer(nextConfirmation, IDLE);
  const reportedRef = useRef(reported);
  reportedRef.current = reported;
  const reportedKey = JSON.stringify(reported);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the serialized value is the dependency
  useEffect(() => {
    dispatch({ type: 'reported', value: reportedRef.current });
  }, [reportedKey]);

  useEffect(() => {
    const due = deadline(state, timeoutMs);
    if (due === undefined) return;
    const timer = setTimeout(
      () => dispatch({ type: 'tick', at: Date.now(), timeoutMs }),
      Math.max(0, due - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [state, timeoutMs]);

  return [state, dispatch, () => reportedRef.current];
}
