import { describe, expect, it } from 'vitest';
import { attributeRow, attributesOf, hasProblems, rowsOf, validateAttributes, validateName } from './registry-rules';

describe(validateName.name, () => {
  it('accepts AWS thing names and names the broken rule otherwise', () => {
    expect(validateName('Thing name', 'lamp:kitchen_1-a')).toBeNull();
    expect(validateName('Thing name', '')).toBe('Enter a thing name.');
    expect(validateName('Thing name', 'a'.repeat(129))).toBe('Thing names can be at most 128 characters long.');
    expect(validateName('Group name', 'two words')).toMatch(/^Group names may contain only letters/);
    expect(validateName('Thing name', 'lamp/1')).not.toBeNull();
  });
});

describe(validateAttributes.name, () => {
  it('reports each bad row by its id and ignores blank rows', () => {
    const blank = attributeRow();
    const noName = attributeRow('', 'red');
    const badName = attributeRow('bad name', 'x');
    const badValue = attributeRow('color', 'dark red');
    const good = attributeRow('room', 'office');
    const problems = validateAttributes([blank, noName, badName, badValue, good], true);
    expect([...problems.rows.keys()]).toEqual([noName.id, badName.id, badValue.id]);
    expect(problems.rows.get(noName.id)).toBe('Enter a name for this attribute.');
    expect(problems.rows.get(badName.id)).toMatch(/^Attribute names are/);
    expect(problems.rows.get(badValue.id)).toMatch(/^Attribute values are/);
    expect(problems.overall).toBeNull();
  });

  it('refuses a name used twice', () => {
    const second = attributeRow('room', 'b');
    const problems = validateAttributes([attributeRow('room', 'a'), second], false);
    expect(problems.rows.get(second.id)).toBe('"room" is already used above.');
  });

  it('allows 3 attributes without a type and 50 with one', () => {
    const four = ['a', 'b', 'c', 'd'].map((name) => attributeRow(name, '1'));
    expect(validateAttributes(four.slice(0, 3), false).overall).toBeNull();
    expect(validateAttributes(four, false).overall).toMatch(/without a thing type can have at most 3/);
    expect(hasProblems(validateAttributes(four, true))).toBe(false);
    const many = Array.from({ length: 51 }, (_, n) => attributeRow(`a${n}`, ''));
    expect(validateAttributes(many, true).overall).toBe('A thing can have at most 50 attributes.');
  });
});

describe(attributesOf.name, () => {
  it('turns rows into a map and back, sorted by name, skipping blank rows', () => {
    const rows = [attributeRow('size', 'm'), attributeRow(), attributeRow('color', '')];
    expect(attributesOf(rows)).toEqual({ size: 'm', color: '' });
    expect(rowsOf({ size: 'm', color: 'red' }).map(({ name, value }) => [name, value])).toEqual([
      ['color', 'red'],
      ['size', 'm'],
    ]);
  });
});
