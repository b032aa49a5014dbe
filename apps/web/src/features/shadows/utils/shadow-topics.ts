import { CLASSIC_SHADOW } from '@meridian/contracts';

/** Topics on which the shadow service announces a changed or deleted shadow of the thing. */
export function shadowChangeFilters(thingName: string): string[] {
  const prefix = `$aws/things/${thingName}/shadow`;
  return [
    `${prefix}/update/documents`,
    `${prefix}/delete/accepted`,
    `${prefix}/name/+/update/documents`,
    `${prefix}/name/+/delete/accepted`,
  ];
}

/**
 * The shadow (`CLASSIC_SHADOW` or a name) a change announcement on `topic` is about, when it is
 * one for this thing; `undefined` for any other topic.
 */
export function changedShadowOf(thingName: string, topic: string): string | undefined {
  const prefix = `$aws/things/${thingName}/shadow/`;
  if (!topic.startsWith(prefix)) return undefined;
  const rest = topic.slice(prefix.length).split('/');
  const operation = rest.slice(-2).join('/');
  if (operation !== 'update/documents' && operation !== 'delete/accepted') return undefined;
  if (rest.length === 2) return CLASSIC_SHADOW;
  if (rest.length === 4 && rest[0] === 'name' && rest[1]) return rest[1];
  return undefined;
}
