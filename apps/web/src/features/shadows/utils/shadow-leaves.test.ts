import { describe, expect, it } from 'vitest';
import { leavesOf } from './shadow-leaves';

describe(leavesOf.name, () => {
  it('lists leaves in path order with the time of each from the metadata', () => {
    const section = { on: true, light: { level: 40, color: 'warm' } };
    const metadata = {
      on: { timestamp: 100 },
      light: { level: { timestamp: 200 }, color: { timestamp: 150 } },
    };
    expect(leavesOf(section, metadata)).toEqual([
      { path: 'light.color', value: 'warm', timestamp: 150 },
      { path: 'light.level', value: 40, timestamp: 200 },
      { path: 'on', value: true, timestamp: 100 },
    ]);
  });

  it('keeps an array as one leaf with the newest time of its elements', () => {
    const metadata = { rgb: [{ timestamp: 10 }, { timestamp: 30 }, { timestamp: 20 }] };
    expect(leavesOf({ rgb: [1, 2, 3] }, metadata)).toEqual([{ path: 'rgb', value: [1, 2, 3], timestamp: 30 }]);
    const objects = { rules: [{ at: { timestamp: 5 } }, { at: { timestamp: 7 } }] };
    expect(leavesOf({ rules: [{ at: '07:00' }, { at: '08:00' }] }, objects)[0]?.timestamp).toBe(7);
  });

  it('leaves the time out where there is no metadata (e.g. the delta)', () => {
    expect(leavesOf({ on: true }, undefined)).toEqual([{ path: 'on', value: true }]);
  });

  it('has no leaves for an absent or empty section', () => {
    expect(leavesOf(undefined, undefined)).toEqual([]);
    expect(leavesOf({}, {})).toEqual([]);
  });
});
