import type { AuthorizationContext } from './authorization-context.js';
import { globMatch, literalMatcher, ONE, STAR, TEXT } from './glob.js';
import { parseVariableName, type VariableRef } from './variables.js';

/**
 * A Resource or Condition value split once into literal text, wildcards and variables. Evaluation
 * writes the variables' values into the `texts` slots and globs against them, so no string is built
 * per request. Substituted values are always literal: a `*` in a client id is not a wildcard.
 */
export interface CompiledTemplate {
  readonly source: string;
  readonly kinds: Uint8Array;
  /** Literal text per TEXT token; the slots of variables are overwritten at each evaluation. */
  readonly texts: string[];
  /** Compiled matchers of the literal TEXT tokens (undefined for variable slots). */
  readonly literals: readonly (RegExp | undefined)[];
  readonly variableSlots: readonly number[];
  readonly variables: readonly VariableRef[];
  /** The whole value when it has neither wildcards nor variables (compared with ===). */
  readonly literal: string | undefined;
}

export interface TemplateOptions {
  /** `*` and `?` are wildcards (Resource, StringLike, ArnLike) rather than literal characters. */
  wildcards: boolean;
  /** `${...}` is a variable (policy Version 2012-10-17); otherwise it is literal text, as in IAM. */
  variables: boolean;
}

/** `${*}`, `${?}` and `${$}` stand for the literal character (IAM notation). */
const FIXED_CHARACTERS = new Set(['*', '?', '$']);

export class TemplateError extends Error {}

export function compileTemplate(source: string, options: TemplateOptions): CompiledTemplate {
  const kinds: number[] = [];
  const texts: string[] = [];
  const variables: VariableRef[] = [];
  const variableSlots: number[] = [];
  let text = '';
  const flushText = () => {
    if (text === '') return;
    kinds.push(TEXT);
    texts.push(text);
    text = '';
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (options.variables && char === '$' && source[i + 1] === '{') {
      const end = source.indexOf('}', i + 2);
      if (end !== -1) {
        const name = source.slice(i + 2, end);
        if (FIXED_CHARACTERS.has(name)) {
          text += name;
        } else {
          const ref = parseVariableName(name);
          if (ref === undefined) throw new TemplateError(`unknown policy variable \${${name}}`);
          if (ref.multiValued)
            throw new TemplateError(`\${${name}} has several values and can only be a condition key`);
          flushText();
          variableSlots.push(kinds.length);
          variables.push(ref);
          kinds.push(TEXT);
          texts.push('');
        }
        i = end;
        continue;
      }
    }
    if (options.wildcards && (char === '*' || char === '?')) {
      flushText();
      kinds.push(char === '*' ? STAR : ONE);
      texts.push('');
      continue;
    }
    text += char;
  }
  flushText();
  const literal = kinds.every((kind) => kind === TEXT) && variables.length === 0 ? texts.join('') : undefined;
  const literals = kinds.map((kind, index) =>
    kind === TEXT && !variableSlots.includes(index) ? literalMatcher(texts[index]!) : undefined,
  );
  return { source, kinds: Uint8Array.from(kinds), texts, literals, variableSlots, variables, literal };
}

/** Writes the variables' current values into the template; false when one is unresolved. */
export function resolveTemplate(template: CompiledTemplate, context: AuthorizationContext): boolean {
  const { variableSlots, variables, texts } = template;
  for (let i = 0; i < variableSlots.length; i++) {
    const ref = variables[i]!;
    const value = ref.multiValued ? undefined : ref.scalar(context);
    if (value === undefined) return false;
    texts[variableSlots[i]!] = value;
  }
  return true;
}

/** Matches a template resolved by resolveTemplate (or one without variables). */
export function matchResolved(template: CompiledTemplate, subject: string, guardEnd = 0): boolean {
  if (template.literal !== undefined) return template.literal === subject;
  return globMatch(template.kinds, template.texts, template.literals, subject, guardEnd);
}

/** The resolved value as a string (templates compiled without wildcards only). */
export function resolvedText(template: CompiledTemplate): string {
  return template.literal ?? template.texts.join('');
}
