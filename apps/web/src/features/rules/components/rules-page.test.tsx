import type { HttpDestination, Role, TopicRuleListItem } from '@meridian/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { emptyResponse, jsonResponse, stubFetch } from '../../../testing/fetch-stub';
import { createTestQueryClient, renderWithProviders } from '../../../testing/render';
import { authQueries } from '../../auth/api/auth-queries';
import { RulesPage } from './rules-page';

const ARN = 'arn:aws:iot:us-east-1:123456789012:rule/';
const SQL = "SELECT temperature FROM 'sensors/+/telemetry' WHERE temperature > 30";

function stubRulesApi() {
  const rules: TopicRuleListItem[] = [
    {
      ruleArn: `${ARN}hot_sensors`,
      ruleName: 'hot_sensors',
      topicPattern: 'sensors/+/telemetry',
      createdAt: 1,
      ruleDisabled: true,
    },
    { ruleArn: `${ARN}ingest_only`, ruleName: 'ingest_only', createdAt: 2, ruleDisabled: false },
  ];
  const destinations: HttpDestination[] = [
    {
      url: 'http://127.0.0.1:9/',
      status: 'PENDING',
      createdAt: '2026-01-01T10:00:00.000Z',
      updatedAt: '2026-01-01T10:00:00.000Z',
    },
  ];
  return stubFetch({
    'GET /api/rules?maxResults=1000': () => jsonResponse(200, { rules }),
    'GET /api/rules/hot_sensors': () =>
      jsonResponse(200, {
        ruleArn: `${ARN}hot_sensors`,
        rule: {
          ruleName: 'hot_sensors',
          sql: SQL,
          createdAt: 1,
          actions: [],
          ruleDisabled: rules[0]?.ruleDisabled,
          awsIotSqlVersion: '2016-03-23',
        },
      }),
    'GET /api/rules/ingest_only': () => jsonResponse(500, { code: 'InternalFailureException', message: 'boom' }),
    'POST /api/rules/hot_sensors/enable': () => {
      if (rules[0]) rules[0] = { ...rules[0], ruleDisabled: false };
      return emptyResponse(204);
    },
    'GET /api/rule-metrics': () =>
      jsonResponse(200, {
        rules: [
          {
            ruleName: 'hot_sensors',
            messagesMatched: 12,
            evaluationErrors: 0,
            actionsSucceeded: 10,
            actionsFailed: 2,
            errorActionsSucceeded: 2,
            errorActionsFailed: 0,
            lastError: { message: 'connect ECONNREFUSED', at: '2026-01-01T10:00:00.000Z' },
          },
        ],
      }),
    'GET /api/rule-destinations': () => jsonResponse(200, { destinations }),
    'PUT /api/rule-destinations': ({ body }) => {
      const { url, status } = body as { url: string; status: HttpDestination['status'] };
      const now = '2026-01-01T11:00:00.000Z';
      const existing = destinations.findIndex((d) => d.url === url);
      const next = { url, status, createdAt: now, updatedAt: now };
      if (existing === -1) destinations.push(next);
      else destinations[existing] = next;
      return jsonResponse(200, next);
    },
  });
}

/** The rules page for a signed-in user of `role`. */
function renderRulesPage(role: Role = 'operator') {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(authQueries.me().queryKey, { username: 'olivia', role });
  return renderWithProviders(<RulesPage />, { route: '/rules', queryClient });
}

describe(RulesPage.name, () => {
  it('lists rules with their SQL, state and metrics, and enables one in place', async () => {
    const { requests } = stubRulesApi();
    const { user } = renderRulesPage();

    const table = await screen.findByRole('table', { name: 'Rule list' });
    const [hot, ingest] = within(table).getAllByRole('row').slice(1) as [HTMLElement, HTMLElement];
    expect(await within(hot).findByText(SQL)).toBeTruthy();
    // Without the detail, the FROM filter from the list; nothing for a Basic Ingest-only rule.
    expect(within(ingest).getAllByRole('cell')[1]?.textContent).toBe('');
    await vi.waitFor(() =>
      expect(
        within(hot)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ).toEqual(['hot_sensors', SQL, 'off', '12', '10', '2', 'connect ECONNREFUSED']),
    );

    await user.click(within(hot).getByRole('checkbox', { name: 'Enable hot_sensors' }));
    await vi.waitFor(() =>
      expect((within(hot).getByRole('checkbox', { name: 'Enable hot_sensors' }) as HTMLInputElement).checked).toBe(
        true,
      ),
    );
    expect(requests.some((r) => r.method === 'POST' && r.path === '/api/rules/hot_sensors/enable')).toBe(true);
  });

  it('confirms HTTP destinations only after the operator agrees', async () => {
    const { requests } = stubRulesApi();
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const { user } = renderRulesPage();

    const table = await screen.findByRole('table', { name: 'HTTP destinations' });
    await user.click(within(table).getByRole('button', { name: 'Confirm http://127.0.0.1:9/' }));
    expect(requests.some((r) => r.method === 'PUT')).toBe(false);

    confirm.mockReturnValue(true);
    await user.click(within(table).getByRole('button', { name: 'Confirm http://127.0.0.1:9/' }));
    expect(await within(table).findByText('confirmed')).toBeTruthy();

    await user.type(screen.getByLabelText('Destination URL prefix'), 'https://hooks.test/');
    await user.click(screen.getByRole('button', { name: 'Add confirmed destination' }));
    expect(await within(table).findByText('https://hooks.test/')).toBeTruthy();
    expect(confirm).toHaveBeenLastCalledWith(
      'Confirm https://hooks.test/? Rules will be able to send their output to URLs starting with it.',
    );
    expect(requests.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual([
      { url: 'http://127.0.0.1:9/', status: 'CONFIRMED' },
      { url: 'https://hooks.test/', status: 'CONFIRMED' },
    ]);
  });

  it('shows a viewer the rules, their metrics and the destinations, with no control to change them', async () => {
    const { requests } = stubRulesApi();
    renderRulesPage('viewer');

    const table = await screen.findByRole('table', { name: 'Rule list' });
    const hot = within(table).getAllByRole('row')[1] as HTMLElement;
    await vi.waitFor(() =>
      expect(
        within(hot)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ).toEqual(['hot_sensors', SQL, 'off', '12', '10', '2', 'connect ECONNREFUSED']),
    );
    expect(within(hot).getByRole('link', { name: 'hot_sensors' }).getAttribute('href')).toBe('/rules/hot_sensors');
    expect(within(table).queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('link', { name: 'New rule' })).toBeNull();

    const destinations = await screen.findByRole('table', { name: 'HTTP destinations' });
    expect(within(destinations).getByText('http://127.0.0.1:9/')).toBeTruthy();
    expect(within(destinations).getByText('pending')).toBeTruthy();
    expect(within(destinations).queryAllByRole('button')).toEqual([]);
    expect(within(destinations).getAllByRole('columnheader')).toHaveLength(3);
    expect(screen.queryByLabelText('Destination URL prefix')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add confirmed destination' })).toBeNull();
    expect(requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('offers an operator the New rule link', async () => {
    stubRulesApi();
    renderRulesPage('operator');
    expect((await screen.findByRole('link', { name: 'New rule' })).getAttribute('href')).toBe('/rules/new');
  });
});
