import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  controlHints,
  desiredStateProblems,
  generateControls,
  mergeControlHints,
  parseControlHint,
  parseControlHints,
} from './device-controls.js';

describe('parseControlHint', () => {
  test('reads enum, range (with an optional step) and the plain kinds', () => {
    assert.deepEqual(parseControlHint('enum:off,low,high'), { kind: 'select', options: ['off', 'low', 'high'] });
    assert.deepEqual(parseControlHint('range:0..100'), { kind: 'slider', min: 0, max: 100 });
    assert.deepEqual(parseControlHint('range:-20..40.5:0.5'), { kind: 'slider', min: -20, max: 40.5, step: 0.5 });
    assert.deepEqual(parseControlHint('switch'), { kind: 'switch' });
    assert.deepEqual(parseControlHint('hidden'), { kind: 'hidden' });
  });

  test('enum options are trimmed; blank and repeated ones are dropped', () => {
    assert.deepEqual(parseControlHint('enum: off, low ,,low, high'), {
      kind: 'select',
      options: ['off', 'low', 'high'],
    });
    assert.equal(parseControlHint('enum: , '), undefined);
  });

  test('ignores malformed hints', () => {
    for (const text of ['enum:', 'range:5..5', 'range:10..0', 'range:0..10:0', 'range:a..b', 'slider', '']) {
      assert.equal(parseControlHint(text), undefined, text);
    }
  });
});

describe('generateControls', () => {
  test('without hints the value type decides, reported before desired, in key order', () => {
    const controls = generateControls(
      { reported: { lamp: false, brightness: 40, firmware: '1.2.0' }, desired: { lamp: true, mode: 'eco' } },
      new Map(),
    );
    assert.deepEqual(controls, [
      { key: 'brightness', kind: 'number' },
      { key: 'firmware', kind: 'readout' },
      { key: 'lamp', kind: 'switch' },
      { key: 'mode', kind: 'readout' },
    ]);
  });

  test('control.<key> attributes override the type, add keys the shadow lacks and hide keys', () => {
    const hints = controlHints({
      'control.brightness': 'range:0..100:5',
      'control.mode': 'enum:eco,comfort',
      'control.fan': 'switch',
      'control.firmware': 'hidden',
      'control.broken': 'enum:',
      location: 'kitchen',
    });
    const controls = generateControls(
      { reported: { brightness: 40, firmware: '1.2.0', mode: 'eco' }, desired: {} },
      hints,
    );
    assert.deepEqual(controls, [
      { key: 'brightness', kind: 'slider', min: 0, max: 100, step: 5 },
      { key: 'fan', kind: 'switch' },
      { key: 'mode', kind: 'select', options: ['eco', 'comfort'] },
    ]);
  });
});

describe('mergeControlHints', () => {
  test('per key the thing’s hint replaces the type’s, whatever either says; other keys of both stay', () => {
    const typeHints = parseControlHints({ mode: 'enum:eco,boost', lamp: 'hidden', speed: 'range:0..3', bad: 'slider' });
    const thingHints = controlHints({ 'control.mode': 'hidden', 'control.lamp': 'switch', 'control.level': 'number' });
    assert.deepEqual(Object.fromEntries(mergeControlHints(typeHints, thingHints)), {
      mode: { kind: 'hidden' },
      lamp: { kind: 'switch' },
      speed: { kind: 'slider', min: 0, max: 3 },
      level: { kind: 'number' },
    });
  });
});

describe('desiredStateProblems', () => {
  const controls = generateControls(
    { reported: { lamp: true, level: 3, label: 'x' }, desired: {} },
    controlHints({ 'control.brightness': 'range:0..100', 'control.mode': 'enum:eco,comfort' }),
  );

  test('accepts values each control can produce', () => {
    assert.deepEqual(desiredStateProblems(controls, { lamp: false, brightness: 100, level: -2, mode: 'eco' }), []);
  });

  test('names every key that is unknown, read-only, out of range or of the wrong type', () => {
    assert.deepEqual(
      desiredStateProblems(controls, { lamp: 'on', brightness: 101, mode: 'turbo', label: 'y', other: 1 }),
      [
        'lamp must be true or false',
        'brightness must be a number from 0 to 100',
        'mode must be one of eco, comfort',
        'label cannot be changed',
        'other cannot be changed',
      ],
    );
  });
});
