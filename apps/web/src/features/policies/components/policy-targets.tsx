import type { CertificateSummary, PolicyTarget } from '@meridian/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { useAttachPolicy, useDetachPolicy } from '../api/policy-mutations';
import { policyQueries } from '../api/policy-queries';
import { shortId } from '../utils/short-id';

function targetLabel(target: PolicyTarget, certificates: Map<string, CertificateSummary>): string {
  if (target.kind === 'thing-group') return `thing group ${target.thingGroupName}`;
  const certificate = certificates.get(target.certificateId ?? '');
  const id = shortId(target.certificateId ?? '');
  return certificate?.deviceName ? `${certificate.deviceName} (${id})` : `certificate ${id}`;
}

/** Where the policy applies: certificates and thing groups, with attach and detach. */
export function PolicyTargets({ policyName }: { policyName: string }) {
  const id = useId();
  const targets = useInfiniteQuery(policyQueries.targets(policyName));
  const certificates = useQuery(policyQueries.certificateChoices());
  const attach = useAttachPolicy(policyName);
  const detach = useDetachPolicy(policyName);
  const [certificateId, setCertificateId] = useState('');
  const [thingGroupArn, setThingGroupArn] = useState('');

  const byId = new Map((certificates.data ?? []).map((c) => [c.certificateId, c] as const));
  const rows = targets.data?.pages.flatMap((page) => page.targets) ?? [];

  function attachCertificate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!certificateId) return;
    detach.reset();
    attach.mutate({ certificateId }, { onSuccess: () => setCertificateId('') });
  }

  function attachThingGroup(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const targetArn = thingGroupArn.trim();
    if (!targetArn) return;
    detach.reset();
    attach.mutate({ targetArn }, { onSuccess: () => setThingGroupArn('') });
  }

  function handleDetach(target: PolicyTarget) {
    const label = targetLabel(target, byId);
    if (!window.confirm(`Detach ${policyName} from ${label}? Devices using it lose what the policy allowed.`)) return;
    attach.reset();
    detach.mutate(target.targetArn);
  }

  const error = targets.isError ? targets.error : attach.isError ? attach.error : detach.isError ? detach.error : null;

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Targets</h2>
      {targets.isPending && <p className="muted">Loading targets…</p>}
      {targets.isSuccess &&
        (rows.length === 0 ? (
          <p className="muted">Not attached to anything: no device is affected by this policy yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="table" aria-labelledby={`${id}-title`}>
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">Target</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((target) => (
                  <tr key={target.targetArn}>
                    <td>{target.kind === 'certificate' ? 'Certificate' : 'Thing group'}</td>
                    <td title={target.targetArn}>{targetLabel(target, byId)}</td>
                    <td>
                      <button
                        type="button"
                        className="button button--small button--ghost-dark"
                        aria-label={`Detach from ${targetLabel(target, byId)}`}
                        disabled={detach.isPending && detach.variables === target.targetArn}
                        onClick={() => handleDetach(target)}
                      >
                        Detach
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {targets.hasNextPage && (
        <button
          type="button"
          className="button button--small"
          disabled={targets.isFetchingNextPage}
          onClick={() => void targets.fetchNextPage()}
        >
          Load more targets
        </button>
      )}
      <form className="inline-form__row" onSubmit={attachCertificate}>
        <div className="field">
          <label htmlFor={`${id}-certificate`}>Certificate to attach</label>
          <select
            id={`${id}-certificate`}
            value={certificateId}
            onChange={(event) => {
              setCertificateId(event.target.value);
              attach.reset();
            }}
          >
            <option value="">Choose a certificate…</option>
            {certificates.data?.map((certificate) => (
              <option key={certificate.certificateId} value={certificate.certificateId}>
                {certificate.deviceName || 'certificate'} — {shortId(certificate.certificateId)} ({certificate.status})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--primary" disabled={!certificateId || attach.isPending}>
          Attach to certificate
        </button>
      </form>
      <form className="inline-form__row" onSubmit={attachThingGroup}>
        <div className="field">
          <label htmlFor={`${id}-group`}>Thing group ARN</label>
          <input
            id={`${id}-group`}
            autoComplete="off"
            spellCheck={false}
            placeholder="arn:aws:iot:region:account:thinggroup/name"
            value={thingGroupArn}
            onChange={(event) => {
              setThingGroupArn(event.target.value);
              attach.reset();
            }}
          />
        </div>
        <button type="submit" className="button" disabled={!thingGroupArn.trim() || attach.isPending}>
          Attach to thing group
        </button>
      </form>
      {error && (
        <p role="alert" className="alert">
          {errorMessage(error)}
        </p>
      )}
    </section>
  );
}
