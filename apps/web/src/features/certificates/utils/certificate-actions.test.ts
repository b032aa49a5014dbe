import { describe, expect, it } from 'vitest';
import { certificateActions, confirmationFor } from './certificate-actions';

describe(certificateActions.name, () => {
  it.each([
    ['ACTIVE', ['Deactivate', 'Revoke']],
    ['INACTIVE', ['Activate', 'Revoke', 'Delete']],
    ['REGISTER_INACTIVE', ['Activate', 'Revoke', 'Delete']],
    ['PENDING_ACTIVATION', ['Activate', 'Revoke', 'Delete']],
    ['REVOKED', ['Delete']],
    ['PENDING_TRANSFER', []],
  ] as const)('%s allows %j', (status, labels) => {
    expect(certificateActions(status).map((action) => action.label)).toEqual(labels);
  });

  it('never offers to delete an ACTIVE certificate or to reactivate a REVOKED one', () => {
    expect(certificateActions('ACTIVE').some((action) => action.kind === 'delete')).toBe(false);
    expect(certificateActions('REVOKED').some((action) => action.kind === 'status')).toBe(false);
  });
});

describe(confirmationFor.name, () => {
  it('names the device and the consequence', () => {
    const [deactivate] = certificateActions('ACTIVE');
    if (!deactivate) throw new Error('no action');
    expect(confirmationFor(deactivate, 'pump-1')).toBe(
      'Deactivate the certificate of pump-1? Devices using it are disconnected at once.',
    );
  });
});
