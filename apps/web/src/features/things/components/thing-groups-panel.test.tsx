import type { ThingGroupSummary } from '@meridian/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { emptyResponse, jsonResponse, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { ThingGroupsPanel } from './thing-groups-panel';

function stubThingGroupsApi() {
  let groups: ThingGroupSummary[] = [
    { groupName: 'building', description: 'Head office' },
    { groupName: 'floor-1', parentGroupName: 'building' },
  ];
  return stubFetch({
    'GET /api/thing-groups': () => jsonResponse(200, { thingGroups: groups }),
    'POST /api/thing-groups': ({ body }) => {
      const request = body as { thingGroupName: string; parentGroupName?: string; description?: string };
      groups = [
        ...groups,
        {
          groupName: request.thingGroupName,
          ...(request.parentGroupName ? { parentGroupName: request.parentGroupName } : {}),
          ...(request.description ? { description: request.description } : {}),
        },
      ];
      return jsonResponse(201, { groupName: request.thingGroupName, groupArn: 'arn', groupId: 'id' });
    },
    'GET /api/thing-groups/building/things?maxResults=250': () => jsonResponse(200, { things: [] }),
    'GET /api/thing-groups/building/things?maxResults=250&recursive=true': () =>
      jsonResponse(200, { things: ['lamp-1', 'lamp-2'] }),
    'DELETE /api/thing-groups/building': () =>
      jsonResponse(400, {
        code: 'InvalidRequestException',
        message: 'Thing group building has child groups; delete them first',
      }),
    'DELETE /api/thing-groups/floor-1': () => {
      groups = groups.filter((group) => group.groupName !== 'floor-1');
      return emptyResponse(204);
    },
  });
}

describe(ThingGroupsPanel.name, () => {
  it('lists groups with their parent and description', async () => {
    stubThingGroupsApi();
    renderWithProviders(<ThingGroupsPanel />, { route: '/things?tab=groups' });
    const table = await screen.findByRole('table', { name: 'Thing groups' });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((row) =>
          within(row)
            .getAllByRole('cell')
            .slice(0, 3)
            .map((cell) => cell.textContent),
        ),
    ).toEqual([
      ['building', '—', 'Head office'],
      ['floor-1', 'building', '—'],
    ]);
  });

  it('creates a group under a parent', async () => {
    const { requests } = stubThingGroupsApi();
    const { user } = renderWithProviders(<ThingGroupsPanel />, { route: '/things?tab=groups' });
    const form = screen.getByRole('form', { name: 'New thing group' });
    await screen.findByRole('table', { name: 'Thing groups' });

    await user.type(within(form).getByLabelText('Group name'), 'floor-2');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Parent group' }), 'building');
    await user.type(within(form).getByLabelText('Description'), 'Second floor');
    await user.click(within(form).getByRole('button', { name: 'Create group' }));

    expect(await screen.findByRole('cell', { name: 'floor-2' })).toBeTruthy();
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({
      thingGroupName: 'floor-2',
      parentGroupName: 'building',
      description: 'Second floor',
    });
  });

  it("shows a group's things, with those of its subgroups on request", async () => {
    stubThingGroupsApi();
    const { user } = renderWithProviders(<ThingGroupsPanel />, { route: '/things?tab=groups' });

    await user.click(await screen.findByRole('button', { name: 'Show things in building' }));
    const members = await screen.findByRole('region', { name: 'Things in building' });
    expect(await within(members).findByText('No things in this group.')).toBeTruthy();

    await user.click(within(members).getByRole('checkbox', { name: 'Include subgroups' }));
    expect((await within(members).findByRole('link', { name: 'lamp-1' })).getAttribute('href')).toBe('/things/lamp-1');
    expect(within(members).getByRole('link', { name: 'lamp-2' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Show things in building' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('deletes a group after confirmation and shows why a parent cannot go first', async () => {
    stubThingGroupsApi();
    vi.stubGlobal(
      'confirm',
      vi.fn(() => true),
    );
    const { user } = renderWithProviders(<ThingGroupsPanel />, { route: '/things?tab=groups' });

    await user.click(await screen.findByRole('button', { name: 'Delete building' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Thing group building has child groups; delete them first',
    );
    await user.click(screen.getByRole('button', { name: 'Delete floor-1' }));
    await vi.waitFor(() => expect(screen.queryByRole('cell', { name: 'floor-1' })).toBeNull());
  });
});
