import { describe, expect, it } from 'vitest';
import { redirectTarget } from './redirect-target';

describe(redirectTarget.name, () => {
  it('returns to the page the user came from', () => {
    expect(redirectTarget({ from: '/certificates' })).toBe('/certificates');
    expect(redirectTarget({ from: '/live?x=1#y' })).toBe('/live?x=1#y');
  });

  it('falls back to /live for missing or unsafe targets', () => {
    expect(redirectTarget(null)).toBe('/live');
    expect(redirectTarget({})).toBe('/live');
    expect(redirectTarget({ from: 'https://evil.example' })).toBe('/live');
    expect(redirectTarget({ from: '//evil.example' })).toBe('/live');
    expect(redirectTarget({ from: '/login' })).toBe('/live');
    expect(redirectTarget({ from: '/' })).toBe('/live');
  });
});
