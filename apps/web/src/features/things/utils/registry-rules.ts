import { DEVICE_NAME_PATTERN, type ThingAttributes } from '@meridian/contracts';

/*
 * AWS IoT's registry rules, checked in the browser so that most mistakes are shown before a request;
 * the server checks them again and its message is shown for anything these miss.
 */

const NAME = new RegExp(DEVICE_NAME_PATTERN);
const ATTRIBUTE_NAME = /^[a-zA-Z0-9_.,@/:#-]{1,128}$/;
const ATTRIBUTE_VALUE = /^[a-zA-Z0-9_.,@/:#=[\]-]{0,800}$/;

export const MAX_ATTRIBUTES_WITHOUT_TYPE = 3;
export const MAX_ATTRIBUTES_WITH_TYPE = 50;

/** Thing, thing type and thing group names; `label` names the field, e.g. "Thing name". */
export function validateName(label: string, name: string): string | null {
  if (name === '') return `Enter a ${label.toLowerCase()}.`;
  if (name.length > 128) return `${label}s can be at most 128 characters long.`;
  if (!NAME.test(name)) {
    return `${label}s may contain only letters, digits, colons (:), underscores (_) and hyphens (-), with no spaces.`;
  }
  return null;
}

/** One line of an attribute editor; `id` keeps React's keys stable while lines are added and removed. */
export interface AttributeRow {
  id: number;
  name: string;
  value: string;
}

let nextRowId = 1;

export function attributeRow(name = '', value = ''): AttributeRow {
  return { id: nextRowId++, name, value };
}

export function rowsOf(attributes: ThingAttributes): AttributeRow[] {
  return Object.entries(attributes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => attributeRow(name, value));
}

/** Rows with both fields empty are ignored, so an editor can keep a blank line. */
const filled = (rows: readonly AttributeRow[]) => rows.filter((row) => row.name !== '' || row.value !== '');

export interface AttributeProblems {
  /** By row id. */
  rows: Map<number, string>;
  /** About the whole map, e.g. too many attributes. */
  overall: string | null;
}

export function validateAttributes(rows: readonly AttributeRow[], hasThingType: boolean): AttributeProblems {
  const problems: AttributeProblems = { rows: new Map(), overall: null };
  const seen = new Set<string>();
  const lines = filled(rows);
  for (const row of lines) {
    if (row.name === '') problems.rows.set(row.id, 'Enter a name for this attribute.');
    else if (!ATTRIBUTE_NAME.test(row.name)) {
      problems.rows.set(
        row.id,
        'Attribute names are 1-128 letters, digits or the characters _ . , @ / : # - (no spaces).',
      );
    } else if (seen.has(row.name)) problems.rows.set(row.id, `"${row.name}" is already used above.`);
    else if (!ATTRIBUTE_VALUE.test(row.value)) {
      problems.rows.set(
        row.id,
        'Attribute values are up to 800 letters, digits or the characters _ . , @ / : # = [ ] - (no spaces).',
      );
    }
    if (row.name !== '') seen.add(row.name);
  }
  const limit = hasThingType ? MAX_ATTRIBUTES_WITH_TYPE : MAX_ATTRIBUTES_WITHOUT_TYPE;
  if (lines.length > limit) {
    problems.overall = hasThingType
      ? `A thing can have at most ${limit} attributes.`
      : `A thing without a thing type can have at most ${limit} attributes; give it a type for up to ${MAX_ATTRIBUTES_WITH_TYPE}.`;
  }
  return problems;
}

export const hasProblems = (problems: AttributeProblems) => problems.rows.size > 0 || problems.overall !== null;

export function attributesOf(rows: readonly AttributeRow[]): ThingAttributes {
  return Object.fromEntries(filled(rows).map((row) => [row.name, row.value]));
}
