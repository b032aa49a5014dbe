import type { RuleAction, RuleActionType } from '@meridian/contracts';

/** An action as the builder's form edits it: every field as text. */
export type ActionDraft =
  | { type: 'republish'; topic: string; qos: '0' | '1'; retain: boolean }
  | { type: 'http'; url: string; headers: string }
  | { type: 'timeseries'; deviceKey: string; time: string }
  | { type: 'shadow'; thingName: string; shadowName: string }
  | { type: 'function'; code: string; timeoutMs: string };

export const ACTION_TYPES: ReadonlyArray<{ type: RuleActionType; label: string }> = [
  { type: 'republish', label: 'Republish to a topic' },
  { type: 'http', label: 'HTTP POST' },
  { type: 'timeseries', label: 'Store as time series' },
  { type: 'shadow', label: 'Update a shadow' },
  { type: 'function', label: 'Run a function' },
];

export function actionLabel(type: RuleActionType): string {
  return ACTION_TYPES.find((entry) => entry.type === type)?.label ?? type;
}

export function emptyAction(type: RuleActionType): ActionDraft {
  switch (type) {
    case 'republish':
      return { type, topic: '', qos: '0', retain: false };
    case 'http':
      return { type, url: '', headers: '' };
    case 'timeseries':
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IoT SQL substitution template
      return { type, deviceKey: '${topic(2)}', time: '' };
    case 'shadow':
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IoT SQL substitution template
      return { type, thingName: '${topic(2)}', shadowName: '' };
    case 'function':
      return { type, code: 'return event;', timeoutMs: '' };
  }
}

export function toDraft(action: RuleAction): ActionDraft {
  if ('republish' in action) {
    const { topic, qos, retain } = action.republish;
    return { type: 'republish', topic, qos: qos === 1 ? '1' : '0', retain: retain ?? false };
  }
  if ('http' in action) {
    const headers = (action.http.headers ?? []).map(({ key, value }) => `${key}: ${value}`).join('\n');
    return { type: 'http', url: action.http.url, headers };
  }
  if ('timeseries' in action) {
    return { type: 'timeseries', deviceKey: action.timeseries.deviceKey, time: action.timeseries.time ?? '' };
  }
  if ('shadow' in action) {
    return { type: 'shadow', thingName: action.shadow.thingName, shadowName: action.shadow.shadowName ?? '' };
  }
  const { code, timeoutMs } = action.function;
  return { type: 'function', code, timeoutMs: timeoutMs === undefined ? '' : String(timeoutMs) };
}

/** The action the API takes; the server checks the fields and answers with what is wrong. */
export function toAction(draft: ActionDraft): RuleAction {
  switch (draft.type) {
    case 'republish':
      return {
        republish: {
          topic: draft.topic.trim(),
          ...(draft.qos === '1' ? { qos: 1 as const } : {}),
          ...(draft.retain ? { retain: true } : {}),
        },
      };
    case 'http': {
      const headers = parseHeaders(draft.headers);
      return { http: { url: draft.url.trim(), ...(headers.length > 0 ? { headers } : {}) } };
    }
    case 'timeseries':
      return {
        timeseries: { deviceKey: draft.deviceKey.trim(), ...(draft.time.trim() ? { time: draft.time.trim() } : {}) },
      };
    case 'shadow':
      return {
        shadow: {
          thingName: draft.thingName.trim(),
          ...(draft.shadowName.trim() ? { shadowName: draft.shadowName.trim() } : {}),
        },
      };
    case 'function': {
      const timeoutMs = Number.parseInt(draft.timeoutMs, 10);
      return { function: { code: draft.code, ...(Number.isInteger(timeoutMs) && timeoutMs > 0 ? { timeoutMs } : {}) } };
    }
  }
}

/** `key: value` per line; blank lines are skipped, a line without `:` is a key with an empty value. */
export function parseHeaders(text: string): Array<{ key: string; value: string }> {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const colon = line.indexOf(':');
      return colon === -1
        ? { key: line, value: '' }
        : { key: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() };
    });
}
