import { invalidRequest, requireAttributeName, requireAttributeValue, requireName } from './registry.rules.js';
import type { AttributeFilter, ThingFilter } from './registry.store.js';

const ATTRIBUTE_FIELD = 'attributes.';

function setOnce<K extends 'thingTypeName' | 'thingGroupName' | 'namePrefix'>(
  filter: ThingFilter,
  key: K,
  value: string,
): void {
  if (filter[key] !== undefined && filter[key] !== value) throw invalidRequest(`search gives ${key} twice`);
  filter[key] = value;
}

function attributeTerm(name: string, value: string): AttributeFilter {
  requireAttributeName('search attribute name', name);
  if (value === '*') return { name };
  if (value.endsWith('*'))
    return { name, value: requireAttributeValue('search attribute value', value.slice(0, -1)), prefix: true };
  return { name, value: requireAttributeValue('search attribute value', value) };
}

/**
 * The console's thing search: whitespace-separated terms, all of which must hold.
 * - `thingTypeName:Lamp` — things of that type
 * - `thingGroupNames:floor-1` — direct members of that group (`thingGroupName:` works too)
 * - `attributes.color:red`, `attributes.color:re*` (prefix), `attributes.color:*` (has the attribute)
 * - `kitchen*` — thing names starting with `kitchen`
 * - any other word — thing names containing it, ignoring ASCII case (a word such as `a:b` whose part before
 *   the colon is not a field above is a plain word, since thing names may contain colons)
 */
export function parseThingSearch(query: string): ThingFilter {
  if (typeof query !== 'string') throw invalidRequest('query must be a string');
  const filter: ThingFilter = {};
  for (const term of query.split(/\s+/).filter((word) => word !== '')) {
    const colon = term.indexOf(':');
    const field = colon < 0 ? '' : term.slice(0, colon);
    const value = term.slice(colon + 1);
    if (field === 'thingTypeName') {
      setOnce(filter, 'thingTypeName', requireName('search thingTypeName', value));
    } else if (field === 'thingGroupNames' || field === 'thingGroupName') {
      setOnce(filter, 'thingGroupName', requireName('search thingGroupNames', value));
    } else if (field.startsWith(ATTRIBUTE_FIELD)) {
      filter.attributes = [...(filter.attributes ?? []), attributeTerm(field.slice(ATTRIBUTE_FIELD.length), value)];
    } else if (term.endsWith('*')) {
      setOnce(filter, 'namePrefix', term.slice(0, -1));
    } else {
      filter.nameContains = [...(filter.nameContains ?? []), term];
    }
  }
  return filter;
}
