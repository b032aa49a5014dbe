import { CONTROL_HINT_FORMS, CONTROL_HINT_KEY_PATTERN } from '@meridian/contracts';
import type { AttributeRow } from './registry-rules';

/*
 * What the browser checks in a thing type's control hints before saving: keys, and that each key has a
 * hint. Whether a hint is well formed is the server's to say; its message is shown as it comes.
 */

const KEY = new RegExp(CONTROL_HINT_KEY_PATTERN);

/** Problems by row id; rows with both fields empty are ignored. */
export function validateControlHintRows(rows: readonly AttributeRow[]): Map<number, string> {
  const problems = new Map<number, string>();
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.name === '' && row.value === '') continue;
    if (row.name === '') problems.set(row.id, 'Enter the shadow key this hint is for.');
    else if (!KEY.test(row.name)) {
      problems.set(row.id, 'Keys are 1-120 letters, digits or the characters _ . , @ / : # - (no spaces).');
    } else if (seen.has(row.name)) problems.set(row.id, `"${row.name}" already has a hint above.`);
    else if (row.value.trim() === '') problems.set(row.id, `Enter a hint: ${CONTROL_HINT_FORMS}.`);
    if (row.name !== '') seen.add(row.name);
  }
  return problems;
}
