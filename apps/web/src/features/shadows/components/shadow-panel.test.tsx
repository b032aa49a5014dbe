import type {
  LiveMessage,
  Role,
  ShadowDocument,
  ShadowList,
  ShadowVersionDocument,
  ShadowVersionList,
} from '@meridian/contracts';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { LiveSocket } from '../../../lib/live-socket';
import { LiveSocketProvider } from '../../../lib/live-socket-context';
import { createFakeTransport } from '../../../testing/fake-live-transport';
import { jsonResponse, type StubRequest, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { ShadowPanel } from './shadow-panel';
import { formatEpochSeconds } from './shadow-time';

const T1 = 1_780_000_000;
const T2 = T1 + 75;
const BASE = '/api/things/desk-lamp/shadows';

function lampDocument(overrides: Partial<ShadowDocument> = {}): ShadowDocument {
  return {
    state: {
      desired: { on: true, level: 40 },
      reported: { on: false, level: 40, firmware: '1.2' },
      delta: { on: true },
    },
    metadata: {
      desired: { on: { timestamp: T2 }, level: { timestamp: T1 } },
      reported: { on: { timestamp: T1 }, level: { timestamp: T1 }, firmware: { timestamp: T1 } },
    },
    version: 7,
    timestamp: T2 + 1,
    ...overrides,
  };
}

interface FakeShadowApi {
  list: ShadowList;
  documents: Record<string, ShadowDocument | null>;
  versions: Record<string, ShadowVersionDocument[]>;
  update?: (request: StubRequest) => Response;
  remove?: () => Response;
}

/** The console API for one thing's shadows, answering from `api` (tests change it as the server would). */
function stubShadowApi(api: FakeShadowApi, role: Role = 'operator') {
  return stubFetch({
    'GET /api/auth/me': () => jsonResponse(200, { username: 'olivia', role }),
    [`GET ${BASE}`]: () => jsonResponse(200, api.list),
    ...Object.fromEntries(
      Object.keys(api.documents).flatMap((name) => [
        [
          `GET ${BASE}/${name}`,
          () => {
            const document = api.documents[name];
            return document
              ? jsonResponse(200, document)
              : jsonResponse(404, {
                  code: 'ResourceNotFoundException',
                  message: `No shadow exists with name: '${name}'`,
                });
          },
        ],
        [
          `GET ${BASE}/${name}/versions`,
          () =>
            jsonResponse(200, {
              versions: (api.versions[name] ?? []).map(({ version, timestamp }) => ({ version, timestamp })),
            } satisfies ShadowVersionList),
        ],
        [`POST ${BASE}/${name}`, (request: StubRequest) => api.update?.(request) ?? jsonResponse(500, {})],
        [`DELETE ${BASE}/${name}`, () => api.remove?.() ?? jsonResponse(500, {})],
      ]),
    ),
    ...Object.fromEntries(
      Object.entries(api.versions).flatMap(([name, versions]) =>
        versions.map((document) => [
          `GET ${BASE}/${name}/versions/${document.version}`,
          () => jsonResponse(200, document),
        ]),
      ),
    ),
  });
}

function renderPanel() {
  const transport = createFakeTransport();
  const socket = new LiveSocket({ url: 'ws://test/api/live', transport: transport.factory, random: () => 0.5 });
  const result = renderWithProviders(
    <LiveSocketProvider socket={socket}>
      <ShadowPanel thingName="desk-lamp" />
    </LiveSocketProvider>,
  );
  const server = transport.latest();
  act(() => server.open());
  return { ...result, server, socket };
}

const region = (name: string) => screen.getByRole('region', { name });
const cells = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    );
const posts = (requests: StubRequest[]) =>
  requests.filter((request) => request.method === 'POST').map(({ path, body }) => ({ path, body }));

function documentsMessage(topic: string): LiveMessage {
  return {
    type: 'message',
    topic,
    qos: 1,
    retain: false,
    payload: '{}',
    payloadEncoding: 'utf8',
    receivedAt: new Date().toISOString(),
  };
}

describe(ShadowPanel.name, () => {
  it('shows desired, reported and delta side by side with the version and the time of each leaf', async () => {
    stubShadowApi({
      list: { classicExists: true, namedShadows: [] },
      documents: { classic: lampDocument() },
      versions: {},
    });
    renderPanel();

    expect(await screen.findByRole('status', { name: 'Shadow version' })).toHaveProperty(
      'textContent',
      `Version 7 · last change ${formatEpochSeconds(T2)}`,
    );
    expect(cells(region('Desired'))).toEqual([
      ['level', '40', formatEpochSeconds(T1)],
      ['on', 'true', formatEpochSeconds(T2)],
    ]);
    expect(cells(region('Reported'))).toEqual([
      ['firmware', '"1.2"', formatEpochSeconds(T1)],
      ['level', '40', formatEpochSeconds(T1)],
      ['on', 'false', formatEpochSeconds(T1)],
    ]);
    // A delta leaf carries the time its desired value was set.
    expect(cells(region('Delta'))).toEqual([['on', 'true', formatEpochSeconds(T2)]]);
  });

  it('follows the device live: a documents announcement for the shadow refetches it', async () => {
    const api: FakeShadowApi = {
      list: { classicExists: true, namedShadows: [] },
      documents: { classic: lampDocument() },
      versions: {},
    };
    stubShadowApi(api);
    const { server } = renderPanel();
    await screen.findByRole('region', { name: 'Delta' });
    await vi.waitFor(() =>
      expect(server.sent).toContainEqual({
        type: 'subscribe',
        filters: [
          '$aws/things/desk-lamp/shadow/update/documents',
          '$aws/things/desk-lamp/shadow/delete/accepted',
          '$aws/things/desk-lamp/shadow/name/+/update/documents',
          '$aws/things/desk-lamp/shadow/name/+/delete/accepted',
        ],
      }),
    );

    api.documents.classic = lampDocument({
      state: { desired: { on: true, level: 40 }, reported: { on: true, level: 40, firmware: '1.2' } },
      version: 8,
    });
    // Another thing's shadow changing does not concern this page.
    act(() => server.receive(documentsMessage('$aws/things/other/shadow/update/documents')));
    act(() => server.receive(documentsMessage('$aws/things/desk-lamp/shadow/update/documents')));

    expect(await within(region('Delta')).findByText('No delta: reported matches desired.')).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Shadow version' }).textContent).toMatch(/^Version 8/);
    expect(cells(region('Reported'))[2]).toEqual(['on', 'true', formatEpochSeconds(T1)]);
  });

  it('refetches once for a burst of announcements', async () => {
    const api: FakeShadowApi = {
      list: { classicExists: true, namedShadows: [] },
      documents: { classic: lampDocument() },
      versions: {},
    };
    const { requests } = stubShadowApi(api);
    const { server } = renderPanel();
    await screen.findByRole('region', { name: 'Delta' });
    const documentReads = () => requests.filter((request) => request.path === `${BASE}/classic`).length;
    expect(documentReads()).toBe(1);

    api.documents.classic = lampDocument({ version: 12 });
    for (let i = 0; i < 5; i += 1) {
      act(() => server.receive(documentsMessage('$aws/things/desk-lamp/shadow/update/documents')));
    }
    await vi.waitFor(() =>
      expect(screen.getByRole('status', { name: 'Shadow version' }).textContent).toMatch(/^Version 12/),
    );
    api.documents.classic = lampDocument({ version: 13 });
    act(() => server.receive(documentsMessage('$aws/things/desk-lamp/shadow/update/documents')));
    await vi.waitFor(() =>
      expect(screen.getByRole('status', { name: 'Shadow version' }).textContent).toMatch(/^Version 13/),
    );
    expect(documentReads()).toBe(3);
  });

  it('leaves subscriptions the tab already had when it goes away', async () => {
    stubShadowApi({
      list: { classicExists: true, namedShadows: [] },
      documents: { classic: lampDocument() },
      versions: {},
    });
    const transport = createFakeTransport();
    const socket = new LiveSocket({ url: 'ws://test/api/live', transport: transport.factory, random: () => 0.5 });
    // Subscribed on the Live page before the thing page opened.
    socket.subscribe(['$aws/things/desk-lamp/shadow/update/documents']);
    const { unmount } = renderWithProviders(
      <LiveSocketProvider socket={socket}>
        <ShadowPanel thingName="desk-lamp" />
      </LiveSocketProvider>,
    );
    act(() => transport.latest().open());
    await screen.findByRole('region', { name: 'Desired' });
    expect(socket.getState().subscriptions.map((subscription) => subscription.filter)).toHaveLength(4);

    unmount();
    expect(socket.getState().subscriptions.map((subscription) => subscription.filter)).toEqual([
      '$aws/things/desk-lamp/shadow/update/documents',
    ]);
  });

  it('checks the desired JSON before sending, then sends the change against the version it was edited from', async () => {
    const api: FakeShadowApi = {
      list: { classicExists: true, namedShadows: [] },
      documents: { classic: lampDocument() },
      versions: {},
      update: () => {
        api.documents.classic = lampDocument({
          state: { desired: { on: false, color: 'warm' }, reported: { on: false, level: 40, firmware: '1.2' } },
          version: 8,
        });
        return jsonResponse(200, { state: {}, metadata: {}, version: 8, timestamp: T2 });
      },
    };
    const { requests } = stubShadowApi(api);
    const { user } = renderPanel();
    const editor = await screen.findByLabelText('Desired state (JSON)');
    expect(JSON.parse((editor as HTMLTextAreaElement).value)).toEqual({ on: true, level: 40 });

    await user.clear(editor);
    await user.click(editor);
    await user.paste('{ "on": false, ');
    await user.click(screen.getByRole('button', { name: 'Send desired state' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Invalid JSON: /);
    expect(editor.getAttribute('aria-invalid')).toBe('true');

    await user.clear(editor);
    await user.paste('{ "on": false, "color": null }');
    await user.click(screen.getByRole('button', { name: 'Send desired state' }));
    expect(screen.getByRole('alert').textContent).toBe('color is null: leave the key out to remove it.');
    expect(posts(requests)).toEqual([]);

    await user.clear(editor);
    await user.paste('{ "on": false, "color": "warm" }');
    await user.click(screen.getByRole('button', { name: 'Send desired state' }));

    expect(await screen.findByText('Accepted as version 8.')).toBeTruthy();
    // Only the change is sent: level removed (null), on and color set; locked to version 7.
    expect(posts(requests)).toEqual([
      { path: `${BASE}/classic`, body: { state: { desired: { level: null, on: false, color: 'warm' } }, version: 7 } },
    ]);
    await vi.waitFor(() => expect(cells(region('Desired'))[0]?.slice(0, 2)).toEqual(['color', '"warm"']));
    // The editor follows the shadow again.
    expect(JSON.parse((editor as HTMLTextAreaElement).value)).toEqual({ on: false, color: 'warm' });
  });

  it('refuses to send an unchanged desired state', async () => {
    const { requests } = stubShadowApi({
      list: { classicExists: true, namedShadows: [] },
      documents: { classic: lampDocument() },
      versions: {},
    });
    const { user } = renderPanel();
    await screen.findByLabelText('Desired state (JSON)');
    await user.click(screen.getByRole('button', { name: 'Send desired state' }));
    expect(screen.getByRole('alert').textContent).toBe('Nothing to send: the desired state is unchanged.');
    expect(posts(requests)).toEqual([]);
  });

  it('on a version conflict shows the newer document and what changed, and re-applies the change to it', async () => {
    const newer = lampDocument({
      state: { desired: { on: true, level: 80 }, reported: { on: true, level: 40, firmware: '1.2' } },
      version: 9,
    });
    const api: FakeShadowApi = {
      list: { classicExists: true, namedShadows: [] },
      documents: { classic: lampDocument() },
      versions: {},
      update: (request) => {
        const { version } = request.body as { version?: number };
        if (version !== 9) {
          return jsonResponse(409, {
            code: 'ConflictException',
            message: 'Version conflict',
            details: { current: newer },
          });
        }
        api.documents.classic = lampDocument({ state: { desired: { on: false, level: 80 } }, version: 10 });
        return jsonResponse(200, { state: {}, metadata: {}, version: 10, timestamp: T2 });
      },
    };
    const { requests } = stubShadowApi(api);
    const { user } = renderPanel();
    const editor = await screen.findByLabelText('Desired state (JSON)');
    await user.clear(editor);
    await user.paste('{ "on": false, "level": 40 }');
    await user.click(screen.getByRole('button', { name: 'Send desired state' }));

    const conflict = await screen.findByRole('region', { name: 'Version conflict' });
    expect(within(conflict).getByRole('alert').textContent).toMatch(
      /based on version 7, but the shadow is now at version 9\. Nothing was changed\./,
    );
    expect(cells(within(conflict).getByRole('table', { name: 'Changes since your version' }))).toEqual([
      ['desired.level', 'changed', '40', '80'],
      ['reported.on', 'changed', 'false', 'true'],
    ]);
    expect(cells(within(conflict).getByRole('region', { name: 'Reported' }))[2]?.slice(0, 2)).toEqual(['on', 'true']);

    // Re-applying sends the same change (only "on") to the newer version, keeping its level of 80.
    await user.click(within(conflict).getByRole('button', { name: 'Re-apply my change to version 9' }));
    expect(await screen.findByText('Accepted as version 10.')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Version conflict' })).toBeNull();
    expect(posts(requests).map((post) => post.body)).toEqual([
      { state: { desired: { on: false } }, version: 7 },
      { state: { desired: { on: false } }, version: 9 },
    ]);
  });

  it('shows other refusals with the service message', async () => {
    stubShadowApi({
      list: { classicExists: true, namedShadows: [] },
      documents: { classic: lampDocument() },
      versions: {},
      update: () =>
        jsonResponse(413, {
          code: 'RequestEntityTooLargeException',
          message: 'The payload exceeds the maximum size allowed',
        }),
    });
    const { user } = renderPanel();
    const editor = await screen.findByLabelText('Desired state (JSON)');
    await user.clear(editor);
    await user.paste('{ "on": false }');
    await user.click(screen.getByRole('button', { name: 'Send desired state' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The payload exceeds the maximum size allowed');
  });

  it('lists named shadows and creates a new one with its first update', async () => {
    const api: FakeShadowApi = {
      list: { classicExists: false, namedShadows: ['config'] },
      documents: {
        classic: null,
        config: lampDocument({ state: { desired: { mode: 'eco' } }, metadata: {}, version: 3 }),
        schedule: null,
      },
      versions: {},
      update: () => {
        api.documents.schedule = lampDocument({ state: { desired: { at: '07:00' } }, metadata: {}, version: 1 });
        api.list = { classicExists: false, namedShadows: ['config', 'schedule'] };
        return jsonResponse(200, { state: {}, metadata: {}, version: 1, timestamp: T2 });
      },
    };
    const { requests } = stubShadowApi(api);
    const { user } = renderPanel();

    expect(
      await screen.findByText('The classic shadow does not exist yet. Send a desired state to create it.'),
    ).toBeTruthy();
    const selector = screen.getByRole('combobox', { name: 'Shadow' });
    await vi.waitFor(() =>
      expect(
        within(selector)
          .getAllByRole('option')
          .map((option) => option.textContent),
      ).toEqual(['Classic shadow (not created)', 'config']),
    );
    await user.selectOptions(selector, 'config');
    expect(await screen.findByRole('status', { name: 'Shadow version' })).toHaveProperty('textContent', 'Version 3');

    await user.click(screen.getByRole('button', { name: 'New named shadow' }));
    const form = screen.getByRole('form', { name: 'New named shadow' });
    await user.type(within(form).getByLabelText('Shadow name'), 'config');
    await user.click(within(form).getByRole('button', { name: 'Add' }));
    expect(within(form).getByRole('alert').textContent).toBe('The thing already has a shadow named config.');
    await user.clear(within(form).getByLabelText('Shadow name'));
    await user.type(within(form).getByLabelText('Shadow name'), 'bad name');
    await user.click(within(form).getByRole('button', { name: 'Add' }));
    expect(within(form).getByRole('alert').textContent).toBe('Use 1–64 letters, digits and $ : _ -');
    await user.clear(within(form).getByLabelText('Shadow name'));
    await user.type(within(form).getByLabelText('Shadow name'), 'schedule');
    await user.click(within(form).getByRole('button', { name: 'Add' }));

    expect((selector as HTMLSelectElement).value).toBe('schedule');
    expect(
      await screen.findByText('The shadow schedule does not exist yet. Send a desired state to create it.'),
    ).toBeTruthy();
    const editor = screen.getByLabelText('Desired state (JSON)');
    await user.clear(editor);
    await user.paste('{ "at": "07:00" }');
    await user.click(screen.getByRole('button', { name: 'Send desired state' }));

    expect(await screen.findByText('Accepted as version 1.')).toBeTruthy();
    // A new shadow has no version to lock to.
    expect(posts(requests)).toEqual([{ path: `${BASE}/schedule`, body: { state: { desired: { at: '07:00' } } } }]);
    await vi.waitFor(() =>
      expect(
        within(selector)
          .getAllByRole('option')
          .map((option) => option.textContent),
      ).toEqual(['Classic shadow (not created)', 'config', 'schedule']),
    );
  });

  it('compares two versions from the history', async () => {
    const version = (n: number, state: ShadowVersionDocument['state']): ShadowVersionDocument => ({
      state,
      metadata: {},
      version: n,
      timestamp: T1 + n,
    });
    const { requests } = stubShadowApi({
      list: { classicExists: true, namedShadows: [] },
      documents: { classic: lampDocument({ version: 3 }) },
      versions: {
        classic: [
          version(3, { desired: { on: true, level: 40 }, reported: { on: false, level: 40 } }),
          version(2, { desired: { on: true, level: 40 } }),
          version(1, { desired: { on: false } }),
        ],
      },
    });
    const { user } = renderPanel();

    // The two newest by default.
    const history = await screen.findByRole('region', { name: 'History' });
    const newest = await within(history).findByRole('table', { name: 'Changes from version 2 to version 3' });
    expect(cells(newest)).toEqual([['reported', 'added', '', '{"on":false,"level":40}']]);

    await user.selectOptions(within(history).getByLabelText('Compare version'), '1');
    const picked = await within(history).findByRole('table', { name: 'Changes from version 1 to version 3' });
    expect(cells(picked)).toEqual([
      ['desired.level', 'added', '', '40'],
      ['desired.on', 'changed', 'false', 'true'],
      ['reported', 'added', '', '{"on":false,"level":40}'],
    ]);
    expect(within(history).getByLabelText('Compare version').textContent).toContain(
      `Version 1 · ${formatEpochSeconds(T1 + 1)}`,
    );
    expect(requests.some((request) => request.path === `${BASE}/classic/versions/1`)).toBe(true);
  });

  it('deletes the shadow after confirming', async () => {
    const api: FakeShadowApi = {
      list: { classicExists: true, namedShadows: [] },
      documents: { classic: lampDocument() },
      versions: {},
      remove: () => {
        api.documents.classic = null;
        api.list = { classicExists: false, namedShadows: [] };
        return jsonResponse(200, { version: 7, timestamp: T2 });
      },
    };
    const { requests } = stubShadowApi(api);
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const { user } = renderPanel();
    await user.click(await screen.findByRole('button', { name: 'Delete shadow' }));
    expect(confirm).toHaveBeenCalledWith('Delete the classic shadow? Its state and history are removed.');
    expect(requests.filter((request) => request.method === 'DELETE')).toEqual([]);

    confirm.mockReturnValue(true);
    await user.click(screen.getByRole('button', { name: 'Delete shadow' }));
    expect(
      await screen.findByText('The classic shadow does not exist yet. Send a desired state to create it.'),
    ).toBeTruthy();
    expect(requests.filter((request) => request.method === 'DELETE').map((request) => request.path)).toEqual([
      `${BASE}/classic`,
    ]);
  });

  it('is read-only for viewers', async () => {
    stubShadowApi(
      { list: { classicExists: true, namedShadows: [] }, documents: { classic: lampDocument() }, versions: {} },
      'viewer',
    );
    renderPanel();
    await screen.findByRole('region', { name: 'Desired' });
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: 'New named shadow' })).toBeNull());
    expect(screen.queryByLabelText('Desired state (JSON)')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete shadow' })).toBeNull();
  });
});
