import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '@meridian/contracts';
import { checkThingTypeControlHints } from './thing-type-control-hints.js';

const refusal = (hints: Record<string, string>): string => {
  try {
    checkThingTypeControlHints(hints);
  } catch (error) {
    assert.ok(error instanceof DomainError && error.type === 'InvalidRequestException', String(error));
    return error.message;
  }
  assert.fail('the hints were accepted');
};

describe('checkThingTypeControlHints', () => {
  test('accepts every form of hint, and no hints at all', () => {
    checkThingTypeControlHints({});
    checkThingTypeControlHints({
      lamp: 'switch',
      level: 'number',
      firmware: 'hidden',
      mode: 'enum:eco,boost',
      brightness: 'range:0..100',
      'climate.target': 'range:16..28:0.5',
    });
  });

  test('a hint that is not one of the forms is refused, naming its key and the forms', () => {
    assert.equal(
      refusal({ lamp: 'switch', mode: 'enum:' }),
      'The control hint for mode is not valid: "enum:"; use switch, number, hidden, enum:a,b,c, range:min..max or range:min..max:step',
    );
    assert.match(refusal({ brightness: 'range:100..0' }), /^The control hint for brightness is not valid/);
    assert.match(refusal({ brightness: 'slider' }), /^The control hint for brightness is not valid/);
  });

  test('keys a thing attribute control.<key> could not name, too long hints and too many hints are refused', () => {
    assert.match(refusal({ 'two words': 'switch' }), /^Control hint key "two words" must be letters, digits/);
    assert.match(refusal({ '': 'switch' }), /^Control hint key "" must be/);
    assert.equal(refusal({ ['k'.repeat(121)]: 'switch' }), 'Control hint keys can be at most 120 characters long');
    assert.equal(
      refusal({ mode: `enum:${'a,'.repeat(400)}` }),
      'The control hint for mode is longer than 800 characters',
    );
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`key${index}`, 'switch']));
    assert.equal(refusal(many), 'A thing type can have at most 50 control hints, not 51');
  });
});
