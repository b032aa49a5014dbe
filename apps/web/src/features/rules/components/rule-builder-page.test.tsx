// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import { EditorView } from '@codemirror/view';
import type { GetTopicRuleResponse, Role, RuleActivity, RuleMetrics, TopicRule } from '@meridian/contracts';
import { act, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { LiveSocket } from '../../../lib/live-socket';
import { LiveSocketProvider } from '../../../lib/live-socket-context';
import { createFakeTransport } from '../../../testing/fake-live-transport';
import { emptyResponse, jsonResponse, type StubRequest, stubFetch } from '../../../testing/fetch-stub';
import { createTestQueryClient, renderWithProviders } from '../../../testing/render';
import { authQueries } from '../../auth/api/auth-queries';
import { RuleBuilderPage } from './rule-builder-page';

const SQL = "SELECT temperature, topic(2) AS device FROM 'sensors/+/telemetry' WHERE temperature > 30";
const ARN = 'arn:aws:iot:us-east-1:123456789012:rule/';

/** The page at `route` for a signed-in user of `role`. */
function renderPage(route: string, role: Role = 'operator') {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(authQueries.me().queryKey, { username: 'olivia', role });
  const transport = createFakeTransport();
  const socket = new LiveSocket({ url: 'ws://test/api/live', transport: transport.factory, random: () => 0.5 });
  const result = renderWithProviders(
    <LiveSocketProvider socket={socket}>
      <Routes>
        <Route path="/rules" element={<h1>All rules</h1>} />
        <Route path="/rules/new" element={<RuleBuilderPage />} />
        <Route path="/rules/:ruleName" element={<RuleBuilderPage />} />
      </Routes>
    </LiveSocketProvider>,
    { route, queryClient },
  );
  return { ...result, transport };
}

function editorView(): EditorView {
  const view = EditorView.findFromDOM(screen.getByTestId('sql-editor'));
  if (!view) throw new Error('no SQL editor on the page');
  return view;
}

/** Types into CodeMirror the way its input handling ends up: one document change. */
function setSql(text: string) {
  const view = editorView();
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

/** The server's parser, as far as these tests need it. */
function validate({ body }: StubRequest) {
  const { sql } = body as { sql: string };
  if (sql.includes('WHERE WHERE'))
    return jsonResponse(200, { valid: false, message: 'Unexpected WHERE', line: 1, column: sql.indexOf('WHERE') + 7 });
  const from = /FROM '([^']+)'/.exec(sql)?.[1];
  return jsonResponse(200, { valid: true, ...(from ? { topicFilter: from } : {}) });
}

function storedRule(overrides: Partial<TopicRule> = {}): TopicRule {
  return {
    ruleName: 'hot_sensors',
    sql: SQL,
    createdAt: 1_767_225_600,
    actions: [{ republish: { topic: 'alerts/${topic(2)}' } }],
    errorAction: { republish: { topic: 'errors/hot_sensors' } },
    ruleDisabled: true,
    awsIotSqlVersion: '2016-03-23',
    ...overrides,
  };
}

const metrics: RuleMetrics = {
  ruleName: 'hot_sensors',
  messagesMatched: 7,
  evaluationErrors: 0,
  actionsSucceeded: 5,
  actionsFailed: 2,
  errorActionsSucceeded: 2,
  errorActionsFailed: 0,
  lastError: { message: 'HTTP 500 from http://127.0.0.1:9/', at: '2026-01-01T10:00:00.000Z' },
};

const activity: RuleActivity[] = [
  {
    kind: 'output',
    seq: 1,
    ruleName: 'hot_sensors',
    topic: 'sensors/s1/telemetry',
    at: '2026-01-01T10:00:00.000Z',
    output: '{"temperature":35,"device":"s1"}',
    outputEncoding: 'json',
  },
  {
    kind: 'error',
    seq: 2,
    ruleName: 'hot_sensors',
    topic: 'sensors/s1/telemetry',
    at: '2026-01-01T10:00:01.000Z',
    failedAction: 'HttpAction',
    failedResource: 'http://127.0.0.1:9/',
    errorMessage: 'connect ECONNREFUSED',
  },
];

/** An in-memory rule "hot_sensors" behind the routes the builder uses. */
function stubExistingRule() {
  let rule = storedRule();
  return stubFetch({
    'GET /api/rules/hot_sensors': () => jsonResponse(200, { ruleArn: `${ARN}hot_sensors`, rule }),
    'PUT /api/rules/hot_sensors': ({ body }) => {
      rule = { ...rule, ...(body as Partial<TopicRule>) };
      return jsonResponse(200, { ruleArn: `${ARN}hot_sensors`, rule });
    },
    'POST /api/rules/hot_sensors/enable': () => {
      rule = { ...rule, ruleDisabled: false };
      return emptyResponse(204);
    },
    'DELETE /api/rules/hot_sensors': () => emptyResponse(204),
    'POST /api/rules/validate': validate,
    'GET /api/rule-metrics': () => jsonResponse(200, { rules: [metrics] }),
    'GET /api/rules/hot_sensors/activity': () => jsonResponse(200, { activity }),
    'GET /api/rules/captured-messages': () =>
      jsonResponse(200, {
        messages: [
          {
            topic: 'sensors/s9/telemetry',
            payload: '{"temperature":41}',
            payloadEncoding: 'utf8',
            receivedAt: '2026-01-01T10:00:00.000Z',
            clientId: 's9',
          },
        ],
      }),
    'POST /api/rules/test': () =>
      jsonResponse(200, { result: 'output', output: '{"temperature":41}', outputEncoding: 'json' }),
  });
}

describe(RuleBuilderPage.name, () => {
  it('creates a rule from the SQL editor and a republish action, disabled until enabled', async () => {
    let created: GetTopicRuleResponse | undefined;
    const { requests } = stubFetch({
      'POST /api/rules/validate': validate,
      'POST /api/rules': ({ body }) => {
        const { ruleName, topicRulePayload } = body as { ruleName: string; topicRulePayload: TopicRule };
        created = { ruleArn: `${ARN}${ruleName}`, rule: { ...topicRulePayload, ruleName, createdAt: 1_767_225_600 } };
        return jsonResponse(201, created);
      },
      'GET /api/rules/hot_sensors': () => jsonResponse(200, created),
      'GET /api/rule-metrics': () => jsonResponse(200, { rules: [] }),
      'GET /api/rules/hot_sensors/activity': () => jsonResponse(200, { activity: [] }),
      'GET /api/rules/captured-messages': () => jsonResponse(200, { messages: [] }),
    });
    const { user } = renderPage('/rules/new');

    await user.type(screen.getByLabelText('Rule name'), 'hot_sensors');
    setSql(SQL);
    expect((await screen.findByRole('status')).textContent).toBe(
      'The statement is valid; it reads sensors/+/telemetry.',
    );
    await user.click(screen.getByRole('button', { name: 'Add action' }));
    const action = screen.getByRole('group', { name: 'Action 1: Republish to a topic' });
    await user.type(within(action).getByLabelText('Republish topic'), 'alerts/${{topic(2)}');
    expect(within(action).getByText(/Templates: \$\{topic\(2\)\}/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Create rule' }));

    // The new rule's page: disabled, with its SQL, and nothing run yet.
    expect(await screen.findByRole('heading', { level: 1, name: 'hot_sensors' })).toBeTruthy();
    expect(screen.getByText('Disabled: it does not see any message.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Enable rule' })).toBeTruthy();
    expect(editorView().state.doc.toString()).toBe(SQL);
    expect(requests.find((r) => r.method === 'POST' && r.path === '/api/rules')?.body).toEqual({
      ruleName: 'hot_sensors',
      topicRulePayload: {
        sql: SQL,
        awsIotSqlVersion: '2016-03-23',
        actions: [{ republish: { topic: 'alerts/${topic(2)}' } }],
        ruleDisabled: true,
      },
    });
  });

  it('marks a parse error inline at the position the server gives', async () => {
    const { requests } = stubFetch({ 'POST /api/rules/validate': validate });
    renderPage('/rules/new');

    setSql("SELECT * FROM 'a' WHERE WHERE x");
    const error = await screen.findByRole('alert');
    expect(error.textContent).toBe('Line 1, column 25: Unexpected WHERE');
    await vi.waitFor(() => expect(document.querySelector('.cm-lintRange-error')?.textContent).toBe('WHERE'));
    // The check asks for the version chosen (the console's default).
    expect(requests.at(-1)?.body).toEqual({ sql: "SELECT * FROM 'a' WHERE WHERE x", sqlVersion: '2016-03-23' });
  });

  it('refuses a rule name AWS would refuse, before asking the server', async () => {
    const { requests } = stubFetch({ 'POST /api/rules/validate': validate });
    const { user } = renderPage('/rules/new');
    await user.type(screen.getByLabelText('Rule name'), 'hot-sensors');
    setSql(SQL);
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    expect(screen.getByText('Use 1 to 128 letters, digits and underscores.')).toBeTruthy();
    expect(requests.some((r) => r.path === '/api/rules')).toBe(false);
  });

  it('shows the server reason when a save is refused', async () => {
    stubFetch({
      'POST /api/rules/validate': validate,
      'POST /api/rules': () =>
        jsonResponse(400, { code: 'InvalidRequestException', message: 'actions[0].republish.topic is required' }),
    });
    const { user } = renderPage('/rules/new');
    await user.type(screen.getByLabelText('Rule name'), 'r1');
    setSql(SQL);
    await user.click(screen.getByRole('button', { name: 'Add action' }));
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    expect((await screen.findByText('actions[0].republish.topic is required')).getAttribute('role')).toBe('alert');
  });

  it('edits a stored rule: its SQL and actions in the form, enable, save, metrics and live output', async () => {
    const { requests } = stubExistingRule();
    const { user } = renderPage('/rules/hot_sensors');

    expect(await screen.findByRole('heading', { level: 1, name: 'hot_sensors' })).toBeTruthy();
    expect(editorView().state.doc.toString()).toBe(SQL);
    expect(
      (within(screen.getByRole('group', { name: /^Action 1/ })).getByLabelText('Republish topic') as HTMLInputElement)
        .value,
    ).toBe('alerts/${topic(2)}');
    expect(
      (
        within(screen.getByRole('group', { name: /^Error action/ })).getByLabelText(
          'Republish topic',
        ) as HTMLInputElement
      ).value,
    ).toBe('errors/hot_sensors');

    await user.click(screen.getByRole('button', { name: 'Enable rule' }));
    expect(await screen.findByRole('button', { name: 'Disable rule' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Remove error action' }));
    await user.click(screen.getByRole('button', { name: 'Save rule' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({
      sql: SQL,
      awsIotSqlVersion: '2016-03-23',
      actions: [{ republish: { topic: 'alerts/${topic(2)}' } }],
      ruleDisabled: false,
    });

    const counters = screen.getByLabelText('Rule metrics');
    await vi.waitFor(() => expect(within(counters).getAllByRole('definition')[0]?.textContent).toBe('7'));
    expect(
      within(counters)
        .getAllByRole('definition')
        .map((d) => d.textContent),
    ).toEqual(['7', '5', '2', '2', '0']);
    expect(screen.getByText(/HTTP 500 from http:\/\/127.0.0.1:9\//)).toBeTruthy();

    const log = await screen.findByRole('log', { name: 'Rule output' });
    const entries = within(log).getAllByRole('article');
    expect(entries[0]?.textContent).toContain('HttpAction (http://127.0.0.1:9/): connect ECONNREFUSED');
    expect(entries[1]?.querySelector('pre')?.textContent).toBe('{\n  "temperature": 35,\n  "device": "s1"\n}');
  });

  it('streams new outputs of the rule from the live socket into the live output', async () => {
    const { transport } = (() => {
      stubExistingRule();
      return renderPage('/rules/hot_sensors');
    })();
    const log = await screen.findByRole('log', { name: 'Rule output' });
    const connection = transport.latest();
    connection.open();
    expect(connection.sent).toEqual([{ type: 'watch-rules', ruleNames: ['hot_sensors'] }]);

    const streamed: RuleActivity = {
      kind: 'output',
      seq: 3,
      ruleName: 'hot_sensors',
      topic: 'sensors/s2/telemetry',
      at: '2026-01-01T10:00:02.000Z',
      output: '{"temperature":39}',
      outputEncoding: 'json',
    };
    act(() => {
      connection.receive({ type: 'rule-activity', activity: streamed });
      // Another rule's activity, and a repeat of an entry already shown, change nothing.
      connection.receive({ type: 'rule-activity', activity: { ...streamed, seq: 4, ruleName: 'other' } });
      connection.receive({ type: 'rule-activity', activity: { ...streamed, seq: 2 } });
    });
    await vi.waitFor(() => expect(within(log).getAllByRole('article')).toHaveLength(3));
    expect(within(log).getAllByRole('article')[0]?.querySelector('pre')?.textContent).toBe('{\n  "temperature": 39\n}');
  });

  it('tests the statement on a recent message captured on its FROM filter', async () => {
    const { requests } = stubExistingRule();
    const { user } = renderPage('/rules/hot_sensors');

    const option = await screen.findByRole('option', { name: /sensors\/s9\/telemetry/ }, { timeout: 3000 });
    await user.selectOptions(screen.getByLabelText('Recent message on sensors/+/telemetry'), option);
    expect((screen.getByLabelText('Sample topic') as HTMLInputElement).value).toBe('sensors/s9/telemetry');
    await user.click(screen.getByRole('button', { name: 'Run test' }));

    const output = await screen.findByRole('figure', { name: 'Test output' });
    expect(output.querySelector('pre')?.textContent).toBe('{\n  "temperature": 41\n}');
    expect(requests.find((r) => r.path === '/api/rules/test')?.body).toEqual({
      sql: SQL,
      sqlVersion: '2016-03-23',
      topic: 'sensors/s9/telemetry',
      payload: '{\n  "temperature": 41\n}',
      clientId: 's9',
    });

    // While the statement is mid-edit and does not parse, the last filter's messages stay available.
    setSql(`${SQL} WHERE WHERE`);
    await screen.findByText(/^Line 1, column \d+: Unexpected WHERE$/);
    expect(screen.getByLabelText('Recent message on sensors/+/telemetry')).toBeTruthy();
  });

  it('says why a sample did not match', async () => {
    const { requests } = stubFetch({
      'POST /api/rules/validate': validate,
      'GET /api/rules/captured-messages': () => jsonResponse(200, { messages: [] }),
      'POST /api/rules/test': () =>
        jsonResponse(200, { result: 'no-match', reason: 'where', message: 'WHERE evaluated to false, not true' }),
    });
    const { user } = renderPage('/rules/new');
    setSql(SQL);
    await screen.findByText('No messages received on this filter yet');
    await user.click(screen.getByRole('button', { name: 'Run test' }));
    expect((await screen.findByText(/^No match/)).textContent).toBe(
      'No match (WHERE): WHERE evaluated to false, not true.',
    );
    // An empty topic is filled from the FROM filter.
    expect(requests.find((r) => r.path === '/api/rules/test')?.body).toMatchObject({
      topic: 'sensors/device-1/telemetry',
    });
  });

  it('deletes the rule after confirmation and goes back to the list', async () => {
    const { requests } = stubExistingRule();
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    const { user } = renderPage('/rules/hot_sensors');
    await user.click(await screen.findByRole('button', { name: 'Delete rule' }));
    expect(confirm).toHaveBeenCalledWith('Delete rule hot_sensors? Its actions stop at once. This cannot be undone.');
    expect(await screen.findByRole('heading', { level: 1, name: 'All rules' })).toBeTruthy();
    expect(requests.some((r) => r.method === 'DELETE' && r.path === '/api/rules/hot_sensors')).toBe(true);
  });

  it('keeps the rule when the deletion is not confirmed', async () => {
    const { requests } = stubExistingRule();
    vi.stubGlobal(
      'confirm',
      vi.fn(() => false),
    );
    const { user } = renderPage('/rules/hot_sensors');
    await user.click(await screen.findByRole('button', { name: 'Delete rule' }));
    expect(screen.getByRole('heading', { level: 1, name: 'hot_sensors' })).toBeTruthy();
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('shows a viewer the stored rule, its metrics, live output and test panel, with nothing to change it', async () => {
    const { requests } = stubExistingRule();
    const { user } = renderPage('/rules/hot_sensors', 'viewer');

    expect(await screen.findByRole('heading', { level: 1, name: 'hot_sensors' })).toBeTruthy();
    expect(screen.getByText('Your role can read this rule but not change it.')).toBeTruthy();
    expect(editorView().state.readOnly).toBe(true);
    expect(editorView().state.doc.toString()).toBe(SQL);
    const action = screen.getByRole('group', { name: /^Action 1/ });
    expect((within(action).getByLabelText('Republish topic') as HTMLInputElement).value).toBe('alerts/${topic(2)}');
    expect((action as HTMLFieldSetElement).disabled).toBe(true);
    expect((screen.getByRole('group', { name: /^Error action/ }) as HTMLFieldSetElement).disabled).toBe(true);
    expect((screen.getByLabelText('SQL version') as HTMLSelectElement).disabled).toBe(true);
    expect((screen.getByLabelText('Description') as HTMLInputElement).disabled).toBe(true);
    for (const name of [
      'Enable rule',
      'Delete rule',
      'Save rule',
      'Add action',
      'Remove action 1',
      'Remove error action',
    ]) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }

    // Reading stays: metrics, live output, and the test panel (the test route is open to viewers).
    const counters = screen.getByLabelText('Rule metrics');
    await vi.waitFor(() => expect(within(counters).getAllByRole('definition')[0]?.textContent).toBe('7'));
    expect(await screen.findByRole('log', { name: 'Rule output' })).toBeTruthy();
    const option = await screen.findByRole('option', { name: /sensors\/s9\/telemetry/ }, { timeout: 3000 });
    await user.selectOptions(screen.getByLabelText('Recent message on sensors/+/telemetry'), option);
    await user.click(screen.getByRole('button', { name: 'Run test' }));
    expect(await screen.findByRole('figure', { name: 'Test output' })).toBeTruthy();
    // Only reads went out: no save, delete, enable or disable.
    expect(
      requests.filter((r) => r.method !== 'GET' && !['/api/rules/test', '/api/rules/validate'].includes(r.path)),
    ).toEqual([]);
  });

  it('tells a viewer who opens the new-rule page that they cannot create rules', async () => {
    const { requests } = stubFetch({});
    renderPage('/rules/new', 'viewer');
    expect(screen.getByRole('heading', { level: 1, name: 'New rule' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('Your role can read rules but not create them.');
    expect(screen.queryByLabelText('Rule name')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Create rule' })).toBeNull();
    expect(requests).toEqual([]);
  });
});
