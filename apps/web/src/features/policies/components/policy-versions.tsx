import type { PolicyDetail } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../utils/format-date';
import { useDeletePolicyVersion, useSetDefaultPolicyVersion } from '../api/policy-mutations';
import { policyQueries } from '../api/policy-queries';
import { prettyJson } from '../utils/pretty-json';

interface PolicyVersionsProps {
  policy: PolicyDetail;
  /** Copies a version's document into the new-version editor. */
  onEdit: (versionId: string, document: string) => void;
}

/** The versions of a policy (at most five), one shown at a time, with set-default and delete. */
export function PolicyVersions({ policy, onEdit }: PolicyVersionsProps) {
  const id = useId();
  const { policyName, defaultVersionId } = policy;
  const [shownVersion, setShownVersion] = useState<string | null>(null);
  const shown = shownVersion ?? defaultVersionId;
  const setDefault = useSetDefaultPolicyVersion(policyName);
  const remove = useDeletePolicyVersion(policyName);

  function handleDelete(versionId: string) {
    if (!window.confirm(`Delete version ${versionId} of ${policyName}? This cannot be undone.`)) return;
    remove.mutate(versionId, { onSuccess: () => setShownVersion(null) });
  }

  const error = setDefault.isError ? setDefault.error : remove.isError ? remove.error : null;

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Versions</h2>
      <div className="table-scroll">
        <table className="table" aria-labelledby={`${id}-title`}>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {policy.versions.map(({ versionId, isDefaultVersion, createDate }) => (
              <tr key={versionId} aria-current={versionId === shown ? 'true' : undefined}>
                <td>
                  {versionId} {isDefaultVersion && <span className="badge badge--active">default</span>}
                </td>
                <td>
                  <time dateTime={new Date(createDate * 1000).toISOString()}>
                    {formatDateTime(new Date(createDate * 1000))}
                  </time>
                </td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={`Show version ${versionId}`}
                    disabled={versionId === shown}
                    onClick={() => setShownVersion(versionId)}
                  >
                    Show
                  </button>
                  {!isDefaultVersion && (
                    <>
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={`Make version ${versionId} the default`}
                        disabled={setDefault.isPending}
                        onClick={() => setDefault.mutate(versionId)}
                      >
                        Set as default
                      </button>
                      <button
                        type="button"
                        className="button button--small button--ghost-dark"
                        aria-label={`Delete version ${versionId}`}
                        disabled={remove.isPending}
                        onClick={() => handleDelete(versionId)}
                      >
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && (
        <p role="alert" className="alert">
          {errorMessage(error)}
        </p>
      )}
      <VersionDocument
        policyName={policyName}
        versionId={shown}
        isDefault={shown === defaultVersionId}
        onEdit={onEdit}
      />
    </section>
  );
}

interface VersionDocumentProps {
  policyName: string;
  versionId: string;
  isDefault: boolean;
  onEdit: (versionId: string, document: string) => void;
}

function VersionDocument({ policyName, versionId, isDefault, onEdit }: VersionDocumentProps) {
  const id = useId();
  const version = useQuery(policyQueries.version(policyName, versionId));
  return (
    <section className="stack" aria-labelledby={`${id}-title`}>
      <div className="toolbar">
        <h3 id={`${id}-title`}>
          Version {versionId} document{isDefault ? ' (default)' : ''}
        </h3>
        {version.isSuccess && (
          <div className="toolbar__actions">
            <button
              type="button"
              className="button button--small"
              onClick={() => onEdit(versionId, version.data.policyDocument)}
            >
              Edit as new version
            </button>
          </div>
        )}
      </div>
      {version.isPending && <p className="muted">Loading version {versionId}…</p>}
      {version.isError && (
        <p role="alert" className="alert">
          {errorMessage(version.error)}
        </p>
      )}
      {version.isSuccess && (
        <figure className="figure" aria-labelledby={`${id}-title`}>
          <pre className="statement">{prettyJson(version.data.policyDocument)}</pre>
        </figure>
      )}
    </section>
  );
}
