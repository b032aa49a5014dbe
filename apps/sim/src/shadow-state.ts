export type State = Record<string, unknown>;

const isObject = (value: unknown): value is State =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The device's state after taking the values of a shadow delta: objects are merged key by key,
 * anything else (scalars, arrays) replaces what was there, as the shadow service merges documents.
 * Returns a new object; neither input is changed.
 */
export function applyDelta(state: State, delta: State): State {
  const next: State = { ...state };
  for (const [key, value] of Object.entries(delta)) {
    const current = next[key];
    if (value === null) delete next[key];
    else next[key] = isObject(value) && isObject(current) ? applyDelta(current, value) : structuredClone(value);
  }
  return next;
}

/** A delta document's `state` and `version`, or undefined when the payload is not one. */
export function parseDeltaDocument(payload: Buffer | string): { state: State; version: number } | undefined {
  try {
    const document: unknown = JSON.parse(payload.toString());
    if (!isObject(document) || !isObject(document.state) || typeof document.version !== 'number') return undefined;
    return { state: document.state, version: document.version };
  } catch {
    return undefined;
  }
}
