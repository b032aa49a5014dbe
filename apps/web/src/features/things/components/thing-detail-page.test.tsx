import type { CertificateSummary, ThingDetail, ThingGroupSummary } from '@meridian/contracts';
import { act, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyResponse, jsonResponse, type StubRequest, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { formatDateTime } from '../../../utils/format-date';
import { THING_POLL_INTERVAL_MS } from '../api/thing-queries';
import { ThingDetailPage } from './thing-detail-page';

const CERT_A = 'a1'.repeat(32);
const CERT_B = 'b2'.repeat(32);
const ARN = 'arn:aws:iot:us-east-1:123456789012';

const certificates: CertificateSummary[] = [
  {
    certificateId: CERT_A,
    deviceName: 'desk-lamp',
    status: 'ACTIVE',
    createdAt: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
  },
  {
    certificateId: CERT_B,
    deviceName: 'spare',
    status: 'INACTIVE',
    createdAt: '2026-01-02T00:00:00.000Z',
    notAfter: '2027-01-02T00:00:00.000Z',
  },
];

const groups: ThingGroupSummary[] = [
  { groupName: 'building' },
  { groupName: 'floor-1', parentGroupName: 'building' },
  { groupName: 'outdoor' },
];

function detail(overrides: Partial<ThingDetail> = {}): ThingDetail {
  return {
    thingName: 'desk-lamp',
    thingId: '0b7c4c1e-0000-4000-8000-000000000001',
    thingArn: `${ARN}:thing/desk-lamp`,
    thingTypeName: 'Lamp',
    attributes: { room: 'office', color: 'white' },
    version: 4,
    groups: [{ groupName: 'floor-1', groupArn: `${ARN}:thinggroup/floor-1` }],
    certificates: [{ certificateId: CERT_A, certificateArn: `${ARN}:cert/${CERT_A}`, status: 'ACTIVE' }],
    connection: { clientId: 'desk-lamp', connected: false },
    ...overrides,
  };
}

type ThingState = { thing: ThingDetail };
type WriteHandler = (state: ThingState, request: StubRequest) => Response;

/** A small server for one thing: GET answers the current state; the given writes change it. */
function stubThingApi(initial: ThingDetail = detail(), writeRoutes: Record<string, WriteHandler> = {}) {
  const state: ThingState = { thing: initial };
  const stub = stubFetch({
    ...Object.fromEntries(
      Object.entries(writeRoutes).map(([route, handler]) => [route, (request: StubRequest) => handler(state, request)]),
    ),
    'GET /api/things/desk-lamp': () => jsonResponse(200, state.thing),
    'GET /api/thing-types': () =>
      jsonResponse(200, {
        thingTypes: ['Lamp', 'Sensor'].map((thingTypeName) => ({
          thingTypeName,
          searchableAttributes: [],
          deprecated: false,
          createdAt: '2026-01-01T00:00:00.000Z',
        })),
      }),
    'GET /api/thing-groups': () => jsonResponse(200, { thingGroups: groups }),
    'GET /api/certificates': () => jsonResponse(200, { certificates }),
  });
  return { ...stub, state };
}

function renderThingPage() {
  return renderWithProviders(
    <Routes>
      <Route path="/things" element={<h1>All things</h1>} />
      <Route path="/things/:thingName" element={<ThingDetailPage />} />
    </Routes>,
    { route: '/things/desk-lamp' },
  );
}

const section = (name: string) => screen.getByRole('region', { name });
const writes = (requests: { method: string; path: string; body: unknown }[]) =>
  requests.filter((request) => request.method !== 'GET').map(({ method, path, body }) => ({ method, path, body }));

function stubConfirm(answer: boolean) {
  const confirm = vi.fn((_message?: string) => answer);
  vi.stubGlobal('confirm', confirm);
  return confirm;
}

describe(ThingDetailPage.name, () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the thing: ARN, version, type, attributes, groups and certificates', async () => {
    stubThingApi();
    renderThingPage();

    expect(screen.getByRole('heading', { level: 1, name: 'desk-lamp' })).toBeTruthy();
    expect(await screen.findByText(`${ARN}:thing/desk-lamp`)).toBeTruthy();
    expect(screen.getByText(/Version 4/)).toBeTruthy();

    const attributes = section('Type and attributes');
    const facts = within(attributes)
      .getAllByRole('term')
      .map((term) => `${term.textContent}: ${term.nextElementSibling?.textContent}`);
    expect(facts).toEqual(['Thing type: Lamp', 'color: white', 'room: office']);

    expect(within(section('Groups')).getByRole('link', { name: 'floor-1' }).getAttribute('href')).toBe(
      '/things?tab=groups&group=floor-1',
    );
    const certificateRow = within(section('Certificates')).getByTitle(`${ARN}:cert/${CERT_A}`).closest('tr');
    // The device name comes from the certificates list, which loads on its own.
    await vi.waitFor(() =>
      expect(
        within(certificateRow as HTMLElement)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ).toEqual([`${CERT_A.slice(0, 12)}…`, 'desk-lamp', 'ACTIVE', 'Detach']),
    );
  });

  it('shows the connection and keeps it current by polling', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { state } = stubThingApi(
      detail({
        connection: {
          clientId: 'desk-lamp',
          connected: false,
          lastConnectedAt: '2026-02-01T10:00:00.000Z',
          lastDisconnectedAt: '2026-02-01T11:00:00.000Z',
          lastDisconnectReason: 'CONNECTION_LOST',
        },
      }),
    );
    renderThingPage();

    const state0 = await screen.findByRole('status', { name: 'Connection state' });
    expect(state0.textContent).toBe('Not connected');
    const connection = section('Connection');
    expect(within(connection).getByText('Last disconnected').nextElementSibling?.textContent).toBe(
      `${formatDateTime('2026-02-01T11:00:00.000Z')} (CONNECTION_LOST)`,
    );

    state.thing = detail({
      connection: {
        clientId: 'desk-lamp',
        connected: true,
        connectedAt: '2026-02-02T08:00:00.000Z',
        protocolVersion: '5.0',
        transport: 'tls',
        remoteAddress: '192.0.2.7',
        certificateId: CERT_B,
        lastConnectedAt: '2026-02-02T08:00:00.000Z',
        lastDisconnectedAt: '2026-02-01T11:00:00.000Z',
        lastDisconnectReason: 'CONNECTION_LOST',
      },
    });
    await act(() => vi.advanceTimersByTimeAsync(THING_POLL_INTERVAL_MS));

    await vi.waitFor(() =>
      expect(screen.getByRole('status', { name: 'Connection state' }).textContent).toBe('Connected'),
    );
    expect(within(connection).getByText('Via').nextElementSibling?.textContent).toBe(
      'MQTT 5.0 over MQTTS from 192.0.2.7',
    );
    expect(within(connection).getByText('Certificate used').nextElementSibling?.textContent).toBe(
      `${CERT_B.slice(0, 12)}… not attached to this thing`,
    );
  });

  it('saves edited attributes and type with the version the edit started from', async () => {
    const { requests } = stubThingApi(detail(), {
      'PATCH /api/things/desk-lamp': (state) => {
        state.thing = detail({ version: 5, thingTypeName: 'Sensor', attributes: { room: 'lab' } });
        return emptyResponse(204);
      },
    });
    const { user } = renderThingPage();
    await user.click(
      await within(await screen.findByRole('region', { name: 'Type and attributes' })).findByRole('button', {
        name: 'Edit',
      }),
    );

    const form = screen.getByRole('form', { name: 'Edit type and attributes' });
    expect((within(form).getByLabelText('Attribute 1 name') as HTMLInputElement).value).toBe('color');
    await user.click(within(form).getByRole('button', { name: 'Remove attribute 1' }));
    await user.clear(within(form).getByLabelText('Attribute 1 value'));
    await user.type(within(form).getByLabelText('Attribute 1 value'), 'lab');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Thing type' }), 'Sensor');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('region', { name: 'Type and attributes' })).toBeTruthy();
    expect(writes(requests)).toEqual([
      {
        method: 'PATCH',
        path: '/api/things/desk-lamp',
        body: { attributes: { room: 'lab' }, expectedVersion: 4, thingTypeName: 'Sensor' },
      },
    ]);
    await vi.waitFor(() => expect(screen.getByText(/Version 5/)).toBeTruthy());
    expect(within(section('Type and attributes')).getByText('Sensor')).toBeTruthy();
  });

  it('explains a version conflict and starts again from the current version', async () => {
    const { requests, state } = stubThingApi(detail(), {
      'PATCH /api/things/desk-lamp': (current, request) => {
        const { expectedVersion } = request.body as { expectedVersion: number };
        if (expectedVersion === current.thing.version) return emptyResponse(204);
        return jsonResponse(409, {
          code: 'VersionConflictException',
          message: `Thing desk-lamp is at version ${current.thing.version}, the request expected version ${expectedVersion}`,
        });
      },
    });
    const { user, queryClient } = renderThingPage();
    await user.click(
      await within(await screen.findByRole('region', { name: 'Type and attributes' })).findByRole('button', {
        name: 'Edit',
      }),
    );
    let form = screen.getByRole('form', { name: 'Edit type and attributes' });
    // Someone else saves while the operator edits.
    state.thing = detail({ version: 5, attributes: { room: 'hall' } });
    await act(() => queryClient.invalidateQueries());
    await user.click(within(form).getByRole('button', { name: 'Remove attribute 1' }));
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    const warning = await within(form).findByRole('alert');
    await vi.waitFor(() => expect(warning.textContent).toMatch(/changed by someone else .* now at version 5/));
    // The operator's edit is still there to compare.
    expect(within(form).getAllByRole('textbox', { name: /^Attribute \d name$/ })).toHaveLength(1);

    await user.click(within(warning).getByRole('button', { name: 'Start again from the current version' }));
    form = screen.getByRole('form', { name: 'Edit type and attributes' });
    expect((within(form).getByLabelText('Attribute 1 value') as HTMLInputElement).value).toBe('hall');
    expect(within(form).queryByRole('alert')).toBeNull();
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(writes(requests).map((request) => (request.body as { expectedVersion: number }).expectedVersion)).toEqual([
      4, 5,
    ]);
  });

  it('adds the thing to a group and removes it from one', async () => {
    const { requests } = stubThingApi(detail(), {
      'PUT /api/thing-groups/outdoor/things/desk-lamp': (state) => {
        state.thing = detail({
          groups: [...state.thing.groups, { groupName: 'outdoor', groupArn: `${ARN}:thinggroup/outdoor` }],
        });
        return emptyResponse(204);
      },
      'DELETE /api/thing-groups/floor-1/things/desk-lamp': (state) => {
        state.thing = detail({ groups: state.thing.groups.filter((group) => group.groupName !== 'floor-1') });
        return emptyResponse(204);
      },
    });
    const { user } = renderThingPage();
    const groupsSection = await screen.findByRole('region', { name: 'Groups' });

    const picker = within(groupsSection).getByRole('combobox', { name: 'Add to group' });
    await vi.waitFor(() =>
      expect(
        within(picker)
          .getAllByRole('option')
          .map((option) => option.textContent),
      ).toEqual(['Choose a group', 'building', 'outdoor']),
    );
    await user.selectOptions(picker, 'outdoor');
    await user.click(within(groupsSection).getByRole('button', { name: 'Add' }));
    expect(await within(groupsSection).findByRole('link', { name: 'outdoor' })).toBeTruthy();

    await user.click(within(groupsSection).getByRole('button', { name: 'Remove from group floor-1' }));
    await vi.waitFor(() => expect(within(groupsSection).queryByRole('link', { name: 'floor-1' })).toBeNull());
    expect(writes(requests).map(({ method, path }) => `${method} ${path}`)).toEqual([
      'PUT /api/thing-groups/outdoor/things/desk-lamp',
      'DELETE /api/thing-groups/floor-1/things/desk-lamp',
    ]);
  });

  it("shows the registry's refusal to add a group", async () => {
    stubThingApi(detail(), {
      'PUT /api/thing-groups/building/things/desk-lamp': () =>
        jsonResponse(400, {
          code: 'InvalidRequestException',
          message: 'Thing desk-lamp is already in thing group floor-1 of the same hierarchy (root building)',
        }),
    });
    const { user } = renderThingPage();
    const groupsSection = await screen.findByRole('region', { name: 'Groups' });
    await vi.waitFor(() => expect(within(groupsSection).getAllByRole('option').length).toBeGreaterThan(1));
    await user.selectOptions(within(groupsSection).getByRole('combobox', { name: 'Add to group' }), 'building');
    await user.click(within(groupsSection).getByRole('button', { name: 'Add' }));
    expect((await within(groupsSection).findByRole('alert')).textContent).toMatch(/same hierarchy/);
  });

  it('attaches a certificate and detaches one after confirmation', async () => {
    const { requests } = stubThingApi(detail(), {
      [`PUT /api/things/desk-lamp/certificates/${CERT_B}`]: (state) => {
        state.thing = detail({
          certificates: [
            ...state.thing.certificates,
            { certificateId: CERT_B, certificateArn: `${ARN}:cert/${CERT_B}`, status: 'INACTIVE' },
          ],
        });
        return emptyResponse(204);
      },
      [`DELETE /api/things/desk-lamp/certificates/${CERT_A}`]: (state) => {
        state.thing = detail({ certificates: state.thing.certificates.filter((c) => c.certificateId !== CERT_A) });
        return emptyResponse(204);
      },
    });
    const confirm = stubConfirm(true);
    const { user } = renderThingPage();
    const certificatesSection = await screen.findByRole('region', { name: 'Certificates' });

    const picker = within(certificatesSection).getByRole('combobox', { name: 'Attach certificate' });
    await vi.waitFor(() =>
      expect(
        within(picker)
          .getAllByRole('option')
          .map((option) => option.textContent),
      ).toEqual(['Choose a certificate', `spare · ${CERT_B.slice(0, 12)}… (INACTIVE)`]),
    );
    await user.selectOptions(picker, CERT_B);
    await user.click(within(certificatesSection).getByRole('button', { name: 'Attach' }));
    expect(await within(certificatesSection).findByText('INACTIVE')).toBeTruthy();

    await user.click(
      within(certificatesSection).getByRole('button', { name: `Detach certificate ${CERT_A.slice(0, 12)}…` }),
    );
    expect(confirm.mock.calls[0]?.[0]).toContain('desk-lamp');
    await vi.waitFor(() =>
      expect(
        within(certificatesSection).queryByRole('button', { name: `Detach certificate ${CERT_A.slice(0, 12)}…` }),
      ).toBeNull(),
    );
    expect(writes(requests).map(({ method, path }) => `${method} ${path}`)).toEqual([
      `PUT /api/things/desk-lamp/certificates/${CERT_B}`,
      `DELETE /api/things/desk-lamp/certificates/${CERT_A}`,
    ]);
  });

  it('says so when the thing does not exist', async () => {
    stubFetch({
      'GET /api/things/desk-lamp': () =>
        jsonResponse(404, { code: 'ResourceNotFoundException', message: 'Thing desk-lamp does not exist' }),
    });
    renderThingPage();
    expect((await screen.findByRole('alert')).textContent).toBe('There is no thing named desk-lamp.');
  });

  it('deletes the thing with its version after confirmation and goes back to the list', async () => {
    const { requests } = stubThingApi(detail({ certificates: [] }), {
      'DELETE /api/things/desk-lamp': () => emptyResponse(204),
    });
    stubConfirm(true);
    const { user } = renderThingPage();

    await user.click(await screen.findByRole('button', { name: 'Delete thing' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'All things' })).toBeTruthy();
    expect(writes(requests).map(({ method, path }) => `${method} ${path}`)).toEqual([
      'DELETE /api/things/desk-lamp?expectedVersion=4',
    ]);
  });

  it('generates a claim code for the thing’s end user', async () => {
    const { requests } = stubThingApi(detail(), {
      'POST /api/claim-codes': () =>
        jsonResponse(201, { thingName: 'desk-lamp', code: '7KQ2-M9XD-4RWE', expiresAt: '2026-02-01T00:00:00.000Z' }),
    });
    const { user } = renderThingPage();

    await user.click(
      await within(await screen.findByRole('region', { name: 'End user' })).findByRole('button', {
        name: 'Generate claim code',
      }),
    );
    expect((await screen.findByTestId('claim-code')).textContent).toBe('7KQ2-M9XD-4RWE');
    expect(writes(requests)).toEqual([{ method: 'POST', path: '/api/claim-codes', body: { thingName: 'desk-lamp' } }]);
  });
});
