import {
  CONTROL_HINT_FORMS,
  CONTROL_HINT_KEY_PATTERN,
  DomainError,
  MAX_CONTROL_HINT_LENGTH,
  MAX_CONTROL_HINTS,
} from '@meridian/contracts';
import { parseControlHint } from './device-controls.js';

const KEY = new RegExp(CONTROL_HINT_KEY_PATTERN);
const KEY_MAX_LENGTH = 120;

const invalid = (message: string) => new DomainError('InvalidRequestException', message);

/** Checks the control hints an operator gives a thing type; the refusal names the first key that breaks a rule. */
export function checkThingTypeControlHints(hints: Readonly<Record<string, string>>): void {
  const entries = Object.entries(hints);
  if (entries.length > MAX_CONTROL_HINTS) {
    throw invalid(`A thing type can have at most ${MAX_CONTROL_HINTS} control hints, not ${entries.length}`);
  }
  for (const [key, text] of entries) {
    if (key.length > KEY_MAX_LENGTH) {
      throw invalid(`Control hint keys can be at most ${KEY_MAX_LENGTH} characters long`);
    }
    if (!KEY.test(key)) {
      throw invalid(`Control hint key "${key}" must be letters, digits or the characters _ . , @ / : # - (no spaces)`);
    }
    if (text.length > MAX_CONTROL_HINT_LENGTH) {
      throw invalid(`The control hint for ${key} is longer than ${MAX_CONTROL_HINT_LENGTH} characters`);
    }
    if (parseControlHint(text) === undefined) {
      throw invalid(`The control hint for ${key} is not valid: "${text}"; use ${CONTROL_HINT_FORMS}`);
    }
  }
}
