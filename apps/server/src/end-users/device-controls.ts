import type { DeviceControl } from '@meridian/contracts';

/**
 * Controls of the My devices page, generated from a device's classic shadow and its control hints.
 *
 * A hint tells how to show the top-level shadow key `<key>`:
 *   `enum:off,low,high`  a select of these values      `range:0..100` or `range:0..100:5`  a slider (step 5)
 *   `switch`             an on/off switch               `number`  a number input           `hidden`  not shown
 * Hints come from the thing's type (a table per type) and from thing attributes `control.<key>`, which
 * win per key. Without a hint the value decides: boolean → switch, number → number input, else read-only.
 */

export type ControlHint =
  | { kind: 'select'; options: string[] }
  | { kind: 'slider'; min: number; max: number; step?: number }
  | { kind: 'switch' }
  | { kind: 'number' }
  | { kind: 'hidden' };

export const CONTROL_ATTRIBUTE_PREFIX = 'control.';

const NUMBER = '(-?\\d+(?:\\.\\d+)?)';
const RANGE = new RegExp(`^range:${NUMBER}\\.\\.${NUMBER}(?::(\\d+(?:\\.\\d+)?))?$`);

/** The hint of one attribute value; undefined when it follows none of the forms (the attribute is then ignored). */
export function parseControlHint(text: string): ControlHint | undefined {
  if (text === 'switch' || text === 'number' || text === 'hidden') return { kind: text };
  if (text.startsWith('enum:')) {
    const options = text
      .slice('enum:'.length)
      .split(',')
      .map((option) => option.trim())
      .filter((option) => option !== '');
    return options.length > 0 ? { kind: 'select', options: [...new Set(options)] } : undefined;
  }
  const range = RANGE.exec(text);
  if (range) {
    const min = Number(range[1]);
    const max = Number(range[2]);
    if (!(min < max)) return undefined;
    const step = range[3] === undefined ? undefined : Number(range[3]);
    if (step !== undefined && !(step > 0)) return undefined;
    return step === undefined ? { kind: 'slider', min, max } : { kind: 'slider', min, max, step };
  }
  return undefined;
}

/** Shadow key → hint text (a thing type's hints) → hint per key; malformed ones are left out. */
export function parseControlHints(hints: Readonly<Record<string, string>>): Map<string, ControlHint> {
  const parsed = new Map<string, ControlHint>();
  for (const [key, text] of Object.entries(hints)) {
    const hint = parseControlHint(text);
    if (key !== '' && hint !== undefined) parsed.set(key, hint);
  }
  return parsed;
}

/** `control.<key>` attributes → hint per shadow key. */
export function controlHints(attributes: Readonly<Record<string, string>>): Map<string, ControlHint> {
  const texts = Object.entries(attributes)
    .filter(([name]) => name.startsWith(CONTROL_ATTRIBUTE_PREFIX))
    .map(([name, value]) => [name.slice(CONTROL_ATTRIBUTE_PREFIX.length), value]);
  return parseControlHints(Object.fromEntries(texts));
}

/**
 * A thing's hints over its type's: per key the thing's own hint wins, whatever either says, so one device
 * can show a key its type hides, or hide one its type shows.
 */
export function mergeControlHints(
  typeHints: ReadonlyMap<string, ControlHint>,
  thingHints: ReadonlyMap<string, ControlHint>,
): Map<string, ControlHint> {
  return new Map([...typeHints, ...thingHints]);
}

export interface ShadowSections {
  desired: Readonly<Record<string, unknown>>;
  reported: Readonly<Record<string, unknown>>;
}

/** One control per top-level key of `reported`, `desired` or a hint, in key order; `hidden` keys are left out. */
export function generateControls(shadow: ShadowSections, hints: ReadonlyMap<string, ControlHint>): DeviceControl[] {
  const keys = new Set([...Object.keys(shadow.reported), ...Object.keys(shadow.desired), ...hints.keys()]);
  const controls: DeviceControl[] = [];
  for (const key of [...keys].sort()) {
    const hint = hints.get(key);
    if (hint?.kind === 'hidden') continue;
    if (hint !== undefined) {
      controls.push({ key, ...hint });
      continue;
    }
    const value = key in shadow.reported ? shadow.reported[key] : shadow.desired[key];
    if (typeof value === 'boolean') controls.push({ key, kind: 'switch' });
    else if (typeof value === 'number') controls.push({ key, kind: 'number' });
    else controls.push({ key, kind: 'readout' });
  }
  return controls;
}

/**
 * Checks a desired-state change against the controls: only changeable keys, each with a value the control
 * can produce. Returns the problems (empty when the change is valid).
 */
export function desiredStateProblems(
  controls: readonly DeviceControl[],
  state: Readonly<Record<string, unknown>>,
): string[] {
  const byKey = new Map(controls.map((control) => [control.key, control]));
  const problems: string[] = [];
  for (const [key, value] of Object.entries(state)) {
    const control = byKey.get(key);
    if (control === undefined || control.kind === 'readout') {
      problems.push(`${key} cannot be changed`);
      continue;
    }
    const problem = valueProblem(control, value);
    if (problem !== undefined) problems.push(`${key} ${problem}`);
  }
  return problems;
}

function valueProblem(control: DeviceControl, value: unknown): string | undefined {
  switch (control.kind) {
    case 'switch':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'slider': {
      const { min = -Infinity, max = Infinity } = control;
      return typeof value === 'number' && value >= min && value <= max
        ? undefined
        : `must be a number from ${min} to ${max}`;
    }
    case 'select':
      return typeof value === 'string' && (control.options ?? []).includes(value)
        ? undefined
        : `must be one of ${(control.options ?? []).join(', ')}`;
    default:
      return 'cannot be changed';
  }
}
