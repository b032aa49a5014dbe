import type { Role } from '@meridian/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { ControlHintsEditor } from './control-hints-editor';

const HINTS_PATH = '/api/thing-types/Lamp/control-hints';

/** The hints of the Lamp type kept in memory; a PUT is refused like the server does for a malformed hint. */
function stubHintsApi(role: Role, initial: Record<string, string>) {
  let hints = { ...initial };
  return stubFetch({
    'GET /api/auth/me': () => jsonResponse(200, { username: 'olivia', role }),
    [`GET ${HINTS_PATH}`]: () => jsonResponse(200, { hints }),
    [`PUT ${HINTS_PATH}`]: ({ body }) => {
      const next = (body as { hints: Record<string, string> }).hints;
      const bad = Object.entries(next).find(([, hint]) => hint === 'enum:');
      if (bad) {
        return jsonResponse(400, {
          code: 'InvalidRequestException',
          message: `The control hint for ${bad[0]} is not valid: "enum:"; use switch, number, hidden, enum:a,b,c, range:min..max or range:min..max:step`,
        });
      }
      hints = Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b)));
      return jsonResponse(200, { hints });
    },
  });
}

const shownHints = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    );

describe(ControlHintsEditor.name, () => {
  it('shows a viewer the hints, without a way to change them', async () => {
    stubHintsApi('viewer', { brightness: 'range:0..100', mode: 'enum:eco,boost' });
    renderWithProviders(<ControlHintsEditor thingTypeName="Lamp" />);
    const table = await screen.findByRole('table', { name: 'Control hints of Lamp' });
    expect(shownHints(table)).toEqual([
      ['brightness', 'range:0..100'],
      ['mode', 'enum:eco,boost'],
    ]);
    expect(screen.queryByRole('button', { name: 'Edit hints' })).toBeNull();
  });

  it('lets an operator change, add and remove hints, saving the whole set', async () => {
    const { requests } = stubHintsApi('operator', { brightness: 'range:0..100', mode: 'enum:eco,boost' });
    const { user } = renderWithProviders(<ControlHintsEditor thingTypeName="Lamp" />);
    await user.click(await screen.findByRole('button', { name: 'Edit hints' }));
    const form = screen.getByRole('form', { name: 'Edit control hints of Lamp' });

    await user.clear(within(form).getByLabelText('Hint 1'));
    await user.type(within(form).getByLabelText('Hint 1'), 'range:0..10:1 ');
    await user.click(within(form).getByRole('button', { name: 'Remove hint 2' }));
    await user.click(within(form).getByRole('button', { name: 'Add hint' }));
    await user.type(within(form).getByLabelText('Hint 2 key'), 'firmware');
    await user.type(within(form).getByLabelText('Hint 2'), 'hidden');
    await user.click(within(form).getByRole('button', { name: 'Save hints' }));

    const table = await screen.findByRole('table', { name: 'Control hints of Lamp' });
    expect(shownHints(table)).toEqual([
      ['brightness', 'range:0..10:1'],
      ['firmware', 'hidden'],
    ]);
    expect(requests.filter((request) => request.method === 'PUT').map((request) => request.body)).toEqual([
      { hints: { brightness: 'range:0..10:1', firmware: 'hidden' } },
    ]);
  });

  it('checks keys before sending, and shows the server’s refusal of a hint while keeping the edit', async () => {
    const { requests } = stubHintsApi('admin', {});
    const { user } = renderWithProviders(<ControlHintsEditor thingTypeName="Lamp" />);
    expect(await screen.findByText("No control hints: controls follow the shadow's values.")).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Edit hints' }));
    const form = screen.getByRole('form', { name: 'Edit control hints of Lamp' });

    await user.click(within(form).getByRole('button', { name: 'Add hint' }));
    await user.type(within(form).getByLabelText('Hint 1 key'), 'mode');
    await user.type(within(form).getByLabelText('Hint 1'), 'enum:');
    await user.click(within(form).getByRole('button', { name: 'Add hint' }));
    await user.type(within(form).getByLabelText('Hint 2 key'), 'mode');
    await user.type(within(form).getByLabelText('Hint 2'), 'switch');
    await user.click(within(form).getByRole('button', { name: 'Save hints' }));
    expect(within(form).getByText('"mode" already has a hint above.')).toBeTruthy();
    expect(within(form).getByLabelText('Hint 2 key').getAttribute('aria-invalid')).toBe('true');
    expect(requests.some((request) => request.method === 'PUT')).toBe(false);

    await user.click(within(form).getByRole('button', { name: 'Remove hint 2' }));
    await user.click(within(form).getByRole('button', { name: 'Save hints' }));
    expect((await within(form).findByRole('alert')).textContent).toMatch(
      /^The control hint for mode is not valid: "enum:"; use switch/,
    );
    expect((within(form).getByLabelText('Hint 1') as HTMLInputElement).value).toBe('enum:');

    await user.type(within(form).getByLabelText('Hint 1'), 'eco,boost');
    expect(within(form).queryByRole('alert')).toBeNull();
    await user.click(within(form).getByRole('button', { name: 'Save hints' }));
    const table = await screen.findByRole('table', { name: 'Control hints of Lamp' });
    expect(shownHints(table)).toEqual([['mode', 'enum:eco,boost']]);
  });
});
