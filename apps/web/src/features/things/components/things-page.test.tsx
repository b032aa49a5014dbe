import type { ThingSummary, ThingTypeSummary } from '@meridian/contracts';
import { screen, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { jsonResponse, type StubRequest, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { ThingsPage } from './things-page';

const lamp: ThingTypeSummary = {
  thingTypeName: 'Lamp',
  searchableAttributes: [],
  deprecated: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const retired: ThingTypeSummary = { ...lamp, thingTypeName: 'Retired', deprecated: true };

const thing = (thingName: string, extra: Partial<ThingSummary> = {}): ThingSummary => ({
  thingName,
  attributes: {},
  version: 1,
  ...extra,
});

function ThingPageStandIn() {
  const location = useLocation();
  return <h1>Opened {decodeURIComponent(location.pathname)}</h1>;
}

function renderPage(route = '/things') {
  return renderWithProviders(
    <Routes>
      <Route path="/things" element={<ThingsPage />} />
      <Route path="/things/:thingName" element={<ThingPageStandIn />} />
    </Routes>,
    { route },
  );
}

const queryOf = (request: StubRequest) => new URL(request.path, 'http://console').searchParams;
const listRequests = (requests: StubRequest[]) =>
  requests.filter((request) => request.method === 'GET' && request.path.startsWith('/api/things?'));

describe(ThingsPage.name, () => {
  it('lists things with their type, attributes and version, each linking to its page', async () => {
    stubFetch({
      'GET /api/thing-types': () => jsonResponse(200, { thingTypes: [lamp] }),
      'GET /api/things': () =>
        jsonResponse(200, {
          things: [
            thing('desk-lamp', { thingTypeName: 'Lamp', attributes: { room: 'office', floor: '2' }, version: 3 }),
            thing('sensor-1'),
          ],
        }),
    });
    renderPage();

    expect(screen.getByRole('heading', { level: 1, name: 'Things' })).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Things' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((header) => header.textContent),
    ).toEqual(['Name', 'Type', 'Attributes', 'Version']);
    const row = within(table).getByRole('link', { name: 'desk-lamp' }).closest('tr');
    expect(
      within(row as HTMLElement)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['desk-lamp', 'Lamp', 'room=officefloor=2', '3']);
    expect(within(table).getByRole('link', { name: 'desk-lamp' }).getAttribute('href')).toBe('/things/desk-lamp');
  });

  it('searches with the text and type filter and pages with the API tokens', async () => {
    const { requests } = stubFetch({
      'GET /api/thing-types': () => jsonResponse(200, { thingTypes: [lamp, retired] }),
      'GET /api/things': (request) => {
        const token = queryOf(request).get('nextToken');
        return token === 'page-2'
          ? jsonResponse(200, { things: [thing('lamp-c')] })
          : jsonResponse(200, { things: [thing('lamp-a'), thing('lamp-b')], nextToken: 'page-2' });
      },
    });
    const { user } = renderPage();
    await screen.findByRole('link', { name: 'lamp-a' });

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'lamp* attributes.room:office');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Type' }), 'Lamp');
    await screen.findByRole('link', { name: 'lamp-a' });

    const last = listRequests(requests).at(-1);
    expect(last && Object.fromEntries(queryOf(last))).toEqual({
      q: 'lamp* attributes.room:office',
      thingTypeName: 'Lamp',
      maxResults: '25',
    });
    // A deprecated type is not offered as a filter.
    expect(
      within(screen.getByRole('combobox', { name: 'Type' }))
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['All types', 'Lamp']);

    const pages = screen.getByRole('navigation', { name: 'Pages of things' });
    expect((within(pages).getByRole('button', { name: 'Previous page' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(pages).getByRole('button', { name: 'Next page' }));
    expect(await screen.findByRole('link', { name: 'lamp-c' })).toBeTruthy();
    expect(within(pages).getByText('Page 2')).toBeTruthy();
    expect(queryOf(listRequests(requests).at(-1) as StubRequest).get('nextToken')).toBe('page-2');
    expect((within(pages).getByRole('button', { name: 'Next page' }) as HTMLButtonElement).disabled).toBe(true);

    await user.click(within(pages).getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByRole('link', { name: 'lamp-a' })).toBeTruthy();
    expect(within(pages).getByText('Page 1')).toBeTruthy();
  });

  it('creates a thing with a type and attributes and opens its page', async () => {
    const { requests } = stubFetch({
      'GET /api/thing-types': () => jsonResponse(200, { thingTypes: [lamp] }),
      'GET /api/things': () => jsonResponse(200, { things: [] }),
      'POST /api/things': ({ body }) =>
        jsonResponse(201, { thingName: (body as { thingName: string }).thingName, thingArn: 'arn', thingId: 'id' }),
    });
    const { user } = renderPage();
    const form = screen.getByRole('form', { name: 'New thing' });

    await user.type(within(form).getByLabelText('Thing name'), 'kitchen-lamp');
    await user.selectOptions(await within(form).findByRole('combobox', { name: 'Thing type' }), 'Lamp');
    await user.click(within(form).getByRole('button', { name: 'Add attribute' }));
    await user.type(within(form).getByLabelText('Attribute 1 name'), 'room');
    await user.type(within(form).getByLabelText('Attribute 1 value'), 'kitchen');
    await user.click(within(form).getByRole('button', { name: 'Add attribute' }));
    await user.click(within(form).getByRole('button', { name: 'Create thing' }));

    expect(await screen.findByRole('heading', { name: 'Opened /things/kitchen-lamp' })).toBeTruthy();
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({
      thingName: 'kitchen-lamp',
      thingTypeName: 'Lamp',
      attributes: { room: 'kitchen' },
    });
  });

  it('checks the name and attributes before calling the server', async () => {
    const { requests } = stubFetch({
      'GET /api/thing-types': () => jsonResponse(200, { thingTypes: [] }),
      'GET /api/things': () => jsonResponse(200, { things: [] }),
    });
    const { user } = renderPage();
    const form = screen.getByRole('form', { name: 'New thing' });

    await user.type(within(form).getByLabelText('Thing name'), 'kitchen lamp');
    for (const name of ['a', 'b', 'c', 'd']) {
      await user.click(within(form).getByRole('button', { name: 'Add attribute' }));
      const index = within(form).getAllByRole('textbox', { name: /^Attribute \d name$/ }).length;
      await user.type(within(form).getByLabelText(`Attribute ${index} name`), name);
    }
    await user.clear(within(form).getByLabelText('Attribute 2 name'));
    await user.type(within(form).getByLabelText('Attribute 2 name'), 'bad key');
    await user.click(within(form).getByRole('button', { name: 'Create thing' }));

    const name = within(form).getByLabelText('Thing name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(name.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(
      /^Thing names may contain only letters/,
    );
    const badKey = within(form).getByLabelText('Attribute 2 name');
    expect(document.getElementById(badKey.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(
      /^Attribute names are/,
    );
    expect(within(form).getByText(/without a thing type can have at most 3 attributes/)).toBeTruthy();
    expect(requests.some((request) => request.method === 'POST')).toBe(false);
  });

  it("shows the server's refusal next to the field it is about", async () => {
    stubFetch({
      'GET /api/thing-types': () => jsonResponse(200, { thingTypes: [lamp] }),
      'GET /api/things': () => jsonResponse(200, { things: [] }),
      'POST /api/things': ({ body }) =>
        (body as { thingTypeName?: string }).thingTypeName
          ? jsonResponse(400, {
              code: 'InvalidRequestException',
              message: 'Thing type Lamp is deprecated and cannot be associated with things',
            })
          : jsonResponse(409, {
              code: 'ResourceAlreadyExistsException',
              message: 'Thing desk-lamp already exists with a different configuration',
            }),
    });
    const { user } = renderPage();
    const form = screen.getByRole('form', { name: 'New thing' });

    await user.type(within(form).getByLabelText('Thing name'), 'desk-lamp');
    await user.click(within(form).getByRole('button', { name: 'Create thing' }));
    const name = within(form).getByLabelText('Thing name');
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'Thing desk-lamp already exists with a different configuration',
    );
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(name.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/already exists/);

    await user.selectOptions(within(form).getByRole('combobox', { name: 'Thing type' }), 'Lamp');
    expect(within(form).queryByRole('alert')).toBeNull();
    await user.click(within(form).getByRole('button', { name: 'Create thing' }));
    const type = within(form).getByRole('combobox', { name: 'Thing type' });
    expect((await within(form).findByRole('alert')).textContent).toMatch(/is deprecated/);
    expect(type.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-invalid')).toBeNull();
  });

  it('switches between things, thing types and thing groups', async () => {
    stubFetch({
      'GET /api/thing-types': () => jsonResponse(200, { thingTypes: [lamp] }),
      'GET /api/thing-groups': () => jsonResponse(200, { thingGroups: [{ groupName: 'floor-1' }] }),
      'GET /api/things': () => jsonResponse(200, { things: [] }),
    });
    const { user } = renderPage();
    const sections = screen.getByRole('navigation', { name: 'Registry sections' });
    expect(within(sections).getByRole('link', { name: 'Things' }).getAttribute('aria-current')).toBe('page');

    await user.click(within(sections).getByRole('link', { name: 'Thing types' }));
    expect(await screen.findByRole('table', { name: 'Thing types' })).toBeTruthy();
    expect(within(sections).getByRole('link', { name: 'Thing types' }).getAttribute('aria-current')).toBe('page');
    expect(screen.queryByRole('form', { name: 'New thing' })).toBeNull();

    await user.click(within(sections).getByRole('link', { name: 'Thing groups' }));
    expect(await screen.findByRole('table', { name: 'Thing groups' })).toBeTruthy();
  });
});
