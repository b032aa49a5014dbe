import { CLASSIC_SHADOW } from '@meridian/contracts';
import { describe, expect, it } from 'vitest';
import { changedShadowOf, shadowChangeFilters } from './shadow-topics';

describe(changedShadowOf.name, () => {
  it('names the classic shadow and named shadows from their documents and delete topics', () => {
    expect(changedShadowOf('lamp', '$aws/things/lamp/shadow/update/documents')).toBe(CLASSIC_SHADOW);
    expect(changedShadowOf('lamp', '$aws/things/lamp/shadow/delete/accepted')).toBe(CLASSIC_SHADOW);
    expect(changedShadowOf('lamp', '$aws/things/lamp/shadow/name/config/update/documents')).toBe('config');
    expect(changedShadowOf('lamp', '$aws/things/lamp/shadow/name/config/delete/accepted')).toBe('config');
  });

  it('ignores other topics and other things', () => {
    expect(changedShadowOf('lamp', '$aws/things/lamp/shadow/update/delta')).toBeUndefined();
    expect(changedShadowOf('lamp', '$aws/things/lamp/shadow/update')).toBeUndefined();
    expect(changedShadowOf('lamp', '$aws/things/lamp-2/shadow/update/documents')).toBeUndefined();
    expect(changedShadowOf('lamp', '$aws/things/lamp/shadow/name/x/y/update/documents')).toBeUndefined();
    expect(changedShadowOf('lamp', 'devices/lamp/telemetry')).toBeUndefined();
  });

  it('matches what the filters subscribe to', () => {
    expect(shadowChangeFilters('lamp')).toEqual([
      '$aws/things/lamp/shadow/update/documents',
      '$aws/things/lamp/shadow/delete/accepted',
      '$aws/things/lamp/shadow/name/+/update/documents',
      '$aws/things/lamp/shadow/name/+/delete/accepted',
    ]);
  });
});
