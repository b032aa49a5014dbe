import { POLICY_ACTIONS } from '@meridian/contracts';
import { describe, expect, it } from 'vitest';
import { findTemplate, POLICY_TEMPLATES } from './policy-templates';
import { prettyJson } from './pretty-json';
import { resourceFieldFor } from './simulated-resource';
import { parseThingAttributes } from './thing-attributes';

describe('policy templates', () => {
  it.each(POLICY_TEMPLATES.map((template) => [template.label, template] as const))(
    '"%s" is a 2012-10-17 document with statements and within the 2048-character limit',
    (_label, template) => {
      const document = JSON.parse(template.document) as { Version: string; Statement: unknown[] };
      expect(document.Version).toBe('2012-10-17');
      expect(document.Statement.length).toBeGreaterThan(0);
      expect(template.document.replace(/\s/g, '').length).toBeLessThanOrEqual(2048);
      expect(findTemplate(template.id)).toBe(template);
    },
  );

  it('the thing template scopes topics by the thing-name policy variable', () => {
    const template = findTemplate('thing-topics');
    // biome-ignore-start lint/suspicious/noTemplateCurlyInString: IoT policy variables
    expect(template?.document).toContain('topic/things/${iot:Connection.Thing.ThingName}/*');
    expect(template?.document).toContain('client/${iot:Connection.Thing.ThingName}');
    // biome-ignore-end lint/suspicious/noTemplateCurlyInString: IoT policy variables
  });

  it('the read-only template allows no publishing', () => {
    const document = JSON.parse(findTemplate('read-only-telemetry')?.document ?? '{}') as {
      Statement: { Action: string | string[] }[];
    };
    const actions = document.Statement.flatMap((statement) => statement.Action);
    expect(actions).not.toContain('iot:Publish');
    expect(actions).toEqual(expect.arrayContaining(['iot:Subscribe', 'iot:Receive']));
  });
});

describe(parseThingAttributes.name, () => {
  it('reads name=value lines, trimming and skipping blank lines; values may contain =', () => {
    expect(parseThingAttributes(' room = kitchen \n\nquery=a=b\n')).toEqual({
      ok: true,
      attributes: { room: 'kitchen', query: 'a=b' },
    });
  });

  it('names the line without a name', () => {
    expect(parseThingAttributes('room=kitchen\n=oops')).toEqual({
      ok: false,
      error: 'Line 2: write each attribute as name=value',
    });
    expect(parseThingAttributes('just-a-word')).toMatchObject({ ok: false });
  });
});

describe(resourceFieldFor.name, () => {
  it.each([
    ['iot:Publish', 'Topic', false],
    ['iot:Receive', 'Topic', false],
    ['iot:Subscribe', 'Topic filter', false],
    ['iot:Connect', 'Client ID checked', true],
    ['iot:UpdateThingShadow', 'Thing name (or thing/shadow)', false],
  ] as const)('%s asks for "%s"', (action, label, optional) => {
    expect(resourceFieldFor(action)).toMatchObject({ label, optional });
  });

  it('ListRetainedMessages takes no resource, and every other action takes one', () => {
    for (const action of POLICY_ACTIONS)
      expect(resourceFieldFor(action) === null).toBe(action === 'iot:ListRetainedMessages');
  });
});

describe(prettyJson.name, () => {
  it('indents JSON and leaves other text alone', () => {
    expect(prettyJson('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyJson('{"a":')).toBe('{"a":');
  });
});
