import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmButton, isPendingFor } from './confirm-button';
import { firstMutationError, ListPanel } from './list-panel';

const idle = { isPending: false, isSuccess: false, isError: false, error: null, data: undefined };

function renderPanel(query: Parameters<typeof ListPanel<string[]>>[0]['query'], error?: unknown) {
  return render(
    <ListPanel
      title="Fruit"
      query={query}
      error={error}
      loadingText="Loading fruit…"
      empty="No fruit yet."
      isEmpty={(list) => list.length === 0}
      footer={<p>footer text</p>}
    >
      {(list, titleId) => (
        <ul aria-labelledby={titleId}>
          {list.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
    </ListPanel>,
  );
}

describe('ListPanel', () => {
  it('shows the loading text while the query is pending', () => {
    renderPanel({ ...idle, isPending: true });
    expect(screen.getByText('Loading fruit…')).toBeTruthy();
    expect(screen.getByText('footer text')).toBeTruthy();
  });

  it('shows the empty text for an empty list, and the list labelled by the title otherwise', () => {
    const { unmount } = renderPanel({ ...idle, isSuccess: true, data: [] });
    expect(screen.getByText('No fruit yet.')).toBeTruthy();
    unmount();
    renderPanel({ ...idle, isSuccess: true, data: ['apple', 'pear'] });
    expect(screen.getByRole('list', { name: 'Fruit' }).textContent).toBe('applepear');
    expect(screen.queryByText('No fruit yet.')).toBeNull();
  });

  it("shows the query's error before a mutation's error", () => {
    const { unmount } = renderPanel(
      { ...idle, isError: true, error: new Error('list failed') },
      new Error('row failed'),
    );
    expect(screen.getByRole('alert').textContent).toBe('list failed');
    unmount();
    renderPanel({ ...idle, isSuccess: true, data: ['apple'] }, new Error('row failed'));
    expect(screen.getByRole('alert').textContent).toBe('row failed');
  });

  it('firstMutationError picks the first failed mutation', () => {
    const ok = { isError: false, error: null };
    expect(firstMutationError(ok, { isError: true, error: 'b' }, { isError: true, error: 'c' })).toBe('b');
    expect(firstMutationError(ok, ok)).toBeUndefined();
  });
});

describe('ConfirmButton', () => {
  it('acts only when the question is answered yes', async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn();
    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true);
    vi.stubGlobal('confirm', confirm);
    render(
      <ConfirmButton label="Delete apple" question="Delete apple?" onConfirm={onConfirm}>
        Delete
      </ConfirmButton>,
    );
    await user.click(screen.getByRole('button', { name: 'Delete apple' }));
    expect(onConfirm).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Delete apple' }));
    expect(confirm).toHaveBeenCalledWith('Delete apple?');
    expect(onConfirm).toHaveBeenCalledTimes(1);
    vi.unstubAllGlobals();
  });

  it('is disabled while busy, and isPendingFor matches only the running variables', () => {
    render(
      <ConfirmButton
        label="Revoke key"
        busy={isPendingFor({ isPending: true, variables: 'k1' }, 'k1')}
        onConfirm={vi.fn()}
      >
        Revoke
      </ConfirmButton>,
    );
    expect((screen.getByRole('button', { name: 'Revoke key' }) as HTMLButtonElement).disabled).toBe(true);
    expect(isPendingFor({ isPending: true, variables: 'k1' }, 'k2')).toBe(false);
    expect(isPendingFor({ isPending: false, variables: 'k1' }, 'k1')).toBe(false);
  });
});
