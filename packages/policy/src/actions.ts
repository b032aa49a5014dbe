/** The data-plane actions the platform authorizes (reference §3.2). */
export const IOT_ACTIONS = [
  'iot:Connect',
  'iot:Publish',
  'iot:Subscribe',
  'iot:Receive',
  'iot:RetainPublish',
  'iot:GetRetainedMessage',
  'iot:ListRetainedMessages',
  'iot:GetThingShadow',
  'iot:UpdateThingShadow',
  'iot:DeleteThingShadow',
  'iot:ListNamedShadowsForThing',
  'iot:DeleteConnection',
] as const;

export type IotAction = (typeof IOT_ACTIONS)[number];

/** Index of each action in IOT_ACTIONS: compiled policies keep their statements per action index. */
export const ACTION_INDEX: Readonly<Record<IotAction, number>> = Object.fromEntries(
  IOT_ACTIONS.map((action, index) => [action, index]),
) as Record<IotAction, number>;

/** `*`, or `service:name` where both parts may use `*` and `?` (IAM action grammar). */
const ACTION_PATTERN = /^(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)$/;

export const isValidActionPattern = (pattern: string): boolean => ACTION_PATTERN.test(pattern);

/**
 * Indexes of the actions in IOT_ACTIONS that `pattern` names. Action names match case-insensitively
 * and may use `*` and `?` (IAM rule); patterns for actions outside IOT_ACTIONS (e.g. jobs) match none.
 */
export function actionsMatching(pattern: string): number[] {
  const source = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  const regex = new RegExp(`^${source}$`);
  const indexes: number[] = [];
  IOT_ACTIONS.forEach((action, index) => {
    if (regex.test(action.toLowerCase())) indexes.push(index);
  });
  return indexes;
}
