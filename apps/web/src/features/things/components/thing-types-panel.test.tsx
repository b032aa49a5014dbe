import type { ThingTypeSummary } from '@meridian/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { emptyResponse, jsonResponse, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { formatDateTime } from '../../../utils/format-date';
import { ThingTypesPanel } from './thing-types-panel';

const lamp: ThingTypeSummary = {
  thingTypeName: 'Lamp',
  description: 'Ceiling lamps',
  searchableAttributes: ['room', 'floor'],
  deprecated: false,
  createdAt: '2026-01-01T08:00:00.000Z',
};

/** A thing type server kept in memory, answering like the registry. */
function stubThingTypesApi(initial: ThingTypeSummary[] = [lamp]) {
  let types = [...initial];
  const find = (name: string) => types.find((type) => type.thingTypeName === name);
  const setDeprecated = (name: string, deprecated: boolean) => {
    types = types.map((type) =>
      type.thingTypeName === name
        ? { ...type, deprecated, ...(deprecated ? { deprecatedAt: '2026-02-01T09:00:00.000Z' } : {}) }
        : type,
    );
  };
  return stubFetch({
    'GET /api/thing-types': () => jsonResponse(200, { thingTypes: types }),
    'GET /api/auth/me': () => jsonResponse(200, { username: 'olivia', role: 'operator' }),
    'GET /api/thing-types/Lamp/control-hints': () => jsonResponse(200, { hints: { mode: 'enum:eco,boost' } }),
    'POST /api/thing-types': ({ body }) => {
      const request = body as { thingTypeName: string; description?: string; searchableAttributes?: string[] };
      if ((request.searchableAttributes?.length ?? 0) > 3) {
        return jsonResponse(400, {
          code: 'InvalidRequestException',
          message: 'A thing type can have at most 3 searchable attributes',
        });
      }
      types.push({
        thingTypeName: request.thingTypeName,
        searchableAttributes: request.searchableAttributes ?? [],
        deprecated: false,
        createdAt: '2026-02-01T08:00:00.000Z',
        ...(request.description ? { description: request.description } : {}),
      });
      return jsonResponse(201, { thingTypeName: request.thingTypeName, thingTypeArn: 'arn', thingTypeId: 'id' });
    },
    'POST /api/thing-types/Lamp/deprecate': () => {
      setDeprecated('Lamp', true);
      return emptyResponse(204);
    },
    'POST /api/thing-types/Lamp/undeprecate': () => {
      setDeprecated('Lamp', false);
      return emptyResponse(204);
    },
    'DELETE /api/thing-types/Lamp': () => {
      if (!find('Lamp')?.deprecated) {
        return jsonResponse(400, {
          code: 'InvalidRequestException',
          message: 'Thing type Lamp must be deprecated before it is deleted',
        });
      }
      types = types.filter((type) => type.thingTypeName !== 'Lamp');
      return emptyResponse(204);
    },
  });
}

const rowOf = (name: string) => {
  const row = screen.getByRole('cell', { name }).closest('tr');
  if (!row) throw new Error(`no row for ${name}`);
  return row;
};

describe(ThingTypesPanel.name, () => {
  it('lists thing types with description, searchable attributes, status and creation time', async () => {
    stubThingTypesApi();
    renderWithProviders(<ThingTypesPanel />);
    const table = await screen.findByRole('table', { name: 'Thing types' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((header) => header.textContent),
    ).toEqual(['Name', 'Description', 'Searchable attributes', 'Status', 'Created', 'Actions']);
    expect(
      within(rowOf('Lamp'))
        .getAllByRole('cell')
        .slice(0, 5)
        .map((cell) => cell.textContent),
    ).toEqual(['Lamp', 'Ceiling lamps', 'room, floor', 'active', formatDateTime(lamp.createdAt)]);
  });

  it('creates a type with its searchable attributes split on commas and spaces', async () => {
    const { requests } = stubThingTypesApi([]);
    const { user } = renderWithProviders(<ThingTypesPanel />);
    const form = screen.getByRole('form', { name: 'New thing type' });

    await user.type(within(form).getByLabelText('Thing type name'), 'Sensor');
    await user.type(within(form).getByLabelText('Description'), 'Air sensors');
    await user.type(within(form).getByLabelText('Searchable attributes'), 'room, floor site');
    await user.click(within(form).getByRole('button', { name: 'Create type' }));

    expect(await screen.findByRole('cell', { name: 'Sensor' })).toBeTruthy();
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({
      thingTypeName: 'Sensor',
      description: 'Air sensors',
      searchableAttributes: ['room', 'floor', 'site'],
    });
    expect((within(form).getByLabelText('Thing type name') as HTMLInputElement).value).toBe('');
  });

  it("checks the name first and shows the server's refusal", async () => {
    const { requests } = stubThingTypesApi([]);
    const { user } = renderWithProviders(<ThingTypesPanel />);
    const form = screen.getByRole('form', { name: 'New thing type' });

    await user.type(within(form).getByLabelText('Thing type name'), 'Air sensor');
    await user.click(within(form).getByRole('button', { name: 'Create type' }));
    expect(within(form).getByRole('alert').textContent).toMatch(/^Thing type names may contain only/);
    expect(requests.some((request) => request.method === 'POST')).toBe(false);

    await user.clear(within(form).getByLabelText('Thing type name'));
    await user.type(within(form).getByLabelText('Thing type name'), 'Sensor');
    await user.type(within(form).getByLabelText('Searchable attributes'), 'a b c d');
    await user.click(within(form).getByRole('button', { name: 'Create type' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'A thing type can have at most 3 searchable attributes',
    );
  });

  it('deprecates, undeprecates and deletes a deprecated type after confirmation', async () => {
    const { requests } = stubThingTypesApi();
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    const { user } = renderWithProviders(<ThingTypesPanel />);

    await user.click(await screen.findByRole('button', { name: 'Delete Lamp' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Thing type Lamp must be deprecated before it is deleted',
    );

    await user.click(screen.getByRole('button', { name: 'Deprecate Lamp' }));
    const undo = await screen.findByRole('button', { name: 'Undeprecate Lamp' });
    expect(within(rowOf('Lamp')).getByText(/^deprecated since/).textContent).toBe(
      `deprecated since ${formatDateTime('2026-02-01T09:00:00.000Z')}`,
    );
    await user.click(undo);
    await user.click(await screen.findByRole('button', { name: 'Deprecate Lamp' }));

    // Deprecated again: now it can go.
    await screen.findByRole('button', { name: 'Undeprecate Lamp' });
    await user.click(screen.getByRole('button', { name: 'Delete Lamp' }));
    expect(await screen.findByText('No thing types yet.')).toBeTruthy();
    expect(confirm).toHaveBeenCalledTimes(2);
    expect(
      requests.filter((request) => request.method !== 'GET').map(({ method, path }) => `${method} ${path}`),
    ).toEqual([
      'DELETE /api/thing-types/Lamp',
      'POST /api/thing-types/Lamp/deprecate',
      'POST /api/thing-types/Lamp/undeprecate',
      'POST /api/thing-types/Lamp/deprecate',
      'DELETE /api/thing-types/Lamp',
    ]);
  });

  it('shows the control hints of the type picked in the table, until that type is deleted', async () => {
    stubThingTypesApi([{ ...lamp, deprecated: true }]);
    vi.stubGlobal('confirm', () => true);
    const { user } = renderWithProviders(<ThingTypesPanel />);
    const pick = await screen.findByRole('button', { name: 'Control hints of Lamp' });
    expect(screen.queryByRole('region', { name: 'Control hints of Lamp' })).toBeNull();

    await user.click(pick);
    expect(pick.getAttribute('aria-pressed')).toBe('true');
    expect(rowOf('Lamp').getAttribute('aria-current')).toBe('true');
    const hints = await screen.findByRole('table', { name: 'Control hints of Lamp' });
    expect(within(hints).getByRole('cell', { name: 'enum:eco,boost' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Control hints of Lamp' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Edit hints' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Delete Lamp' }));
    expect(await screen.findByText('No thing types yet.')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Control hints of Lamp' })).toBeNull();
  });
});
