// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SqlParseError } from '../sql/sql-parse-error.js';
import { testEnvironment } from '../testing/evaluate-both.js';
import { WholeDecimal } from '../values/value.js';
import { compileTemplate, renderValue } from './substitution-template.js';

const message = { topic: 'things/t1/data' };

describe(compileTemplate.name, () => {
  it('text without substitutions renders unchanged, except $$', () => {
    const template = compileTemplate('plain/topic $ sign and $$ escape');
    assert.equal(template.hasSubstitutions, false);
    assert.equal(template.render({}, message), 'plain/topic $ sign and $ escape');
  });

  it('several substitutions, with braces and strings inside expressions', () => {
    const template = compileTemplate("${topic(2)}/${ {'k': '}'}.k }/${concat('a', \"}\")}", {
      environment: testEnvironment(),
    });
    assert.equal(template.expressions.length, 3);
    assert.equal(template.render({}, message), 't1/}/a}');
  });

  it('$${ is a literal "${" and not a substitution', () => {
    assert.equal(compileTemplate('$${x}').render({ x: 1 }, message), '${x}');
  });

  it('a bad expression is a SqlParseError with its position in the template', () => {
    assert.throws(
      () => compileTemplate('a/${topic(}'),
      (error: unknown) => error instanceof SqlParseError && error.column === 11,
    );
    assert.throws(() => compileTemplate('a/${topic()'), /Expected "}" to close the substitution template/);
  });

  it('functions the version lacks are refused', () => {
    assert.throws(() => compileTemplate('${encode(a, "base64")}', { version: '2015-10-08' }), /2016-03-23/);
  });

  it('error actions cannot call get_thing_shadow()', () => {
    const source = 'x/${get_thing_shadow(topic(2), "arn").state.reported.mode}';
    assert.throws(
      () => compileTemplate(source, { externalFunctions: false }),
      (error: unknown) => error instanceof SqlParseError && /cannot be used in an error action/.test(error.message),
    );
    const environment = testEnvironment({ getThingShadow: () => ({ state: { reported: { mode: 'eco' } } }) });
    assert.equal(compileTemplate(source, { environment }).render({}, message), 'x/eco');
  });

  it('renders values as text: 2015-10-08 whole decimals keep their ".0", binary as base64 JSON string', () => {
    assert.equal(renderValue(new WholeDecimal(3)), '3.0');
    assert.equal(renderValue(2.5), '2.5');
    assert.equal(renderValue(false), 'false');
    assert.equal(renderValue(new Uint8Array([1])), '"AQ=="');
  });
});
