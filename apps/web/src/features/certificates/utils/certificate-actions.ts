import type { CertificateStatus, SettableCertificateStatus } from '@meridian/contracts';

export type CertificateAction =
  | { kind: 'status'; status: SettableCertificateStatus; label: string }
  | { kind: 'delete'; label: string };

const ACTIVATE = { kind: 'status', status: 'ACTIVE', label: 'Activate' } as const;
const DEACTIVATE = { kind: 'status', status: 'INACTIVE', label: 'Deactivate' } as const;
const REVOKE = { kind: 'status', status: 'REVOKED', label: 'Revoke' } as const;
const DELETE = { kind: 'delete', label: 'Delete' } as const;

/**
 * What an operator can do with a certificate in each status: only non-ACTIVE certificates can be deleted, a
 * REVOKED one never becomes active again, and one being transferred cannot be changed.
 */
export function certificateActions(status: CertificateStatus): readonly CertificateAction[] {
  switch (status) {
    case 'ACTIVE':
      return [DEACTIVATE, REVOKE];
    case 'INACTIVE':
    case 'REGISTER_INACTIVE':
    case 'PENDING_ACTIVATION':
      return [ACTIVATE, REVOKE, DELETE];
    case 'REVOKED':
      return [DELETE];
    case 'PENDING_TRANSFER':
      return [];
  }
}

/** The question asked before an action, naming its consequences. */
export function confirmationFor(action: CertificateAction, name: string): string {
  if (action.kind === 'delete') return `Delete the certificate of ${name}? This cannot be undone.`;
  switch (action.status) {
    case 'ACTIVE':
      return `Activate the certificate of ${name}? Devices holding it can connect again.`;
    case 'INACTIVE':
      return `Deactivate the certificate of ${name}? Devices using it are disconnected at once.`;
    case 'REVOKED':
      return `Revoke the certificate of ${name}? Devices using it are disconnected at once, and a revoked certificate can never be activated again.`;
  }
}
