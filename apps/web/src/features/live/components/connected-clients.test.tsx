import type { ConnectedClient } from '@meridian/contracts';
import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyResponse, jsonResponse, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { formatDateTime } from '../../../utils/format-date';
import { CLIENTS_POLL_INTERVAL_MS, clientQueries } from '../api/client-queries';
import { ConnectedClients } from './connected-clients';

const thermostat: ConnectedClient = {
  clientId: 'thermostat-42',
  protocolVersion: '5.0',
  transport: 'tls',
  remoteAddress: '192.0.2.10',
  certificateId: 'ab'.repeat(32),
  connectedAt: '2026-01-05T09:08:07.000Z',
  subscriptions: [
    { filter: 'devices/thermostat-42/commands', qos: 1 },
    { filter: 'broadcast/#', qos: 0 },
  ],
};

const legacy: ConnectedClient = {
  clientId: 'legacy-meter',
  protocolVersion: '3.1.1',
  transport: 'wss',
  connectedAt: '2026-01-05T10:00:00.000Z',
  subscriptions: [],
};

/** happy-dom has no `window.confirm`; the stub answers the dialog (restored by `unstubGlobals`). */
function stubConfirm(answer: boolean) {
  const confirm = vi.fn((_message?: string) => answer);
  vi.stubGlobal('confirm', confirm);
  return confirm;
}

function rowOf(clientId: string): HTMLElement {
  const cell = screen.getByText(clientId, { selector: 'code' });
  const row = cell.closest('tr');
  if (!row) throw new Error(`no row for ${clientId}`);
  return row;
}

describe(ConnectedClients.name, () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lists connected clients with version, address, connection time and subscriptions', async () => {
    stubFetch({ 'GET /api/clients': () => jsonResponse(200, { clients: [thermostat, legacy] }) });
    renderWithProviders(<ConnectedClients />);

    const section = screen.getByRole('region', { name: 'Connected clients' });
    const table = await within(section).findByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Client ID', 'MQTT', 'Address', 'Connected since', 'Subscriptions', 'Actions']);
    expect(within(section).getByText('2 connected')).toBeTruthy();

    const cells = within(rowOf('thermostat-42')).getAllByRole('cell');
    expect(cells.map((cell) => cell.textContent)).toEqual([
      'thermostat-42',
      '5.0',
      '192.0.2.10 MQTTS',
      formatDateTime(thermostat.connectedAt),
      'devices/thermostat-42/commands QoS 1broadcast/# QoS 0',
      'Disconnect',
    ]);
    expect(cells[3]?.querySelector('time')?.getAttribute('dateTime')).toBe(thermostat.connectedAt);

    const legacyCells = within(rowOf('legacy-meter')).getAllByRole('cell');
    expect(legacyCells.slice(1, 3).map((cell) => cell.textContent)).toEqual(['3.1.1', '— WSS']);
    expect(legacyCells[4]?.textContent).toBe('none');
  });

  it('says so when no client is connected', async () => {
    stubFetch({ 'GET /api/clients': () => jsonResponse(200, { clients: [] }) });
    renderWithProviders(<ConnectedClients />);
    expect(await screen.findByText('No MQTT clients are connected.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('disconnects a client after confirmation and refreshes the list', async () => {
    let connected = [thermostat, legacy];
    const { requests } = stubFetch({
      'GET /api/clients': () => jsonResponse(200, { clients: connected }),
      'DELETE /api/clients/thermostat-42': () => {
        connected = [legacy];
        return emptyResponse(204);
      },
    });
    const confirm = stubConfirm(true);
    const { user } = renderWithProviders(<ConnectedClients />);

    await user.click(await screen.findByRole('button', { name: 'Disconnect thermostat-42' }));

    expect(confirm).toHaveBeenCalledTimes(1);
    expect(confirm.mock.calls[0]?.[0]).toContain('thermostat-42');
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: 'Disconnect thermostat-42' })).toBeNull());
    expect(screen.getByRole('button', { name: 'Disconnect legacy-meter' })).toBeTruthy();
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/clients',
      'DELETE /api/clients/thermostat-42',
      'GET /api/clients',
    ]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('does nothing when the confirmation is cancelled', async () => {
    const { requests } = stubFetch({ 'GET /api/clients': () => jsonResponse(200, { clients: [thermostat] }) });
    stubConfirm(false);
    const { user } = renderWithProviders(<ConnectedClients />);

    await user.click(await screen.findByRole('button', { name: 'Disconnect thermostat-42' }));

    expect(requests.map((request) => request.method)).toEqual(['GET']);
    expect(screen.getByRole('button', { name: 'Disconnect thermostat-42' })).toBeTruthy();
  });

  it("shows the server's message when disconnecting fails", async () => {
    stubFetch({
      'GET /api/clients': () => jsonResponse(200, { clients: [thermostat] }),
      'DELETE /api/clients/thermostat-42': () =>
        jsonResponse(403, {
          code: 'AUTH_ERR_FORBIDDEN',
          message: 'This action needs one of the roles: admin, operator',
        }),
    });
    stubConfirm(true);
    const { user } = renderWithProviders(<ConnectedClients />);

    await user.click(await screen.findByRole('button', { name: 'Disconnect thermostat-42' }));

    expect((await screen.findByRole('alert')).textContent).toBe('This action needs one of the roles: admin, operator');
  });

  it('shows an error when the list cannot be loaded', async () => {
    stubFetch({
      'GET /api/clients': () => jsonResponse(403, { code: 'AUTH_ERR_FORBIDDEN', message: 'Not for your role' }),
    });
    renderWithProviders(<ConnectedClients />);
    expect((await screen.findByRole('alert')).textContent).toBe('Not for your role');
  });

  it(`polls the list every ${CLIENTS_POLL_INTERVAL_MS / 1000} s`, async () => {
    expect(clientQueries.list().refetchInterval).toBe(3000);
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let connected: ConnectedClient[] = [];
    const { requests } = stubFetch({ 'GET /api/clients': () => jsonResponse(200, { clients: connected }) });
    renderWithProviders(<ConnectedClients />);
    expect(await screen.findByText('No MQTT clients are connected.')).toBeTruthy();

    connected = [thermostat];
    await act(() => vi.advanceTimersByTimeAsync(CLIENTS_POLL_INTERVAL_MS));

    expect(await screen.findByRole('button', { name: 'Disconnect thermostat-42' })).toBeTruthy();
    expect(requests).toHaveLength(2);
  });
});
