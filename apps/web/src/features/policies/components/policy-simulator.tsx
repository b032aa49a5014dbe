import { POLICY_ACTIONS, type PolicyAction, type PolicySimulationRequest } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../lib/api-client';
import { useSimulatePolicy } from '../api/policy-mutations';
import { policyQueries } from '../api/policy-queries';
import { shortId } from '../utils/short-id';
import { resourceFieldFor } from '../utils/simulated-resource';
import { parseThingAttributes } from '../utils/thing-attributes';
import { SimulationResult } from './simulation-result';

/** "Why can't my device publish?": evaluates a certificate's policies for one request, as the broker would. */
export function PolicySimulator() {
  const id = useId();
  const certificates = useQuery(policyQueries.certificateChoices());
  const simulate = useSimulatePolicy();
  const [certificateId, setCertificateId] = useState('');
  const [clientId, setClientId] = useState('');
  const [action, setAction] = useState<PolicyAction>('iot:Publish');
  const [resource, setResource] = useState('');
  const [withThing, setWithThing] = useState(false);
  const [thingTypeName, setThingTypeName] = useState('');
  const [thingAttributes, setThingAttributes] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const attached = useQuery({ ...policyQueries.ofCertificate(certificateId), enabled: certificateId !== '' });
  const resourceField = resourceFieldFor(action);

  // Any change makes the shown answer stale.
  function changed<T>(set: (value: T) => void) {
    return (value: T) => {
      set(value);
      simulate.reset();
      setFormError(null);
    };
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const request: PolicySimulationRequest = { action };
    if (certificateId) request.certificateId = certificateId;
    if (clientId.trim()) request.clientId = clientId.trim();
    if (resourceField && resource.trim()) request.resource = resource.trim();
    if (withThing) {
      const parsed = parseThingAttributes(thingAttributes);
      if (!parsed.ok) {
        setFormError(parsed.error);
        return;
      }
      if (!request.clientId) {
        setFormError('Give the client ID: the attached thing is the one named like it.');
        return;
      }
      request.thing = { attributes: parsed.attributes };
      if (thingTypeName.trim()) request.thing.typeName = thingTypeName.trim();
    }
    simulate.mutate(request);
  }

  const error = formError ?? (simulate.isError ? errorMessage(simulate.error) : null);

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Policy simulator</h2>
      <p className="muted">
        Would a device be allowed? Evaluates the default versions of the policies attached to a certificate, with the
        same variables and rules the broker uses.
      </p>
      <form className="stack" onSubmit={handleSubmit} noValidate>
        <div className="inline-form__row">
          <div className="field">
            <label htmlFor={`${id}-certificate`}>Certificate</label>
            <select
              id={`${id}-certificate`}
              value={certificateId}
              onChange={(event) => changed(setCertificateId)(event.target.value)}
            >
              <option value="">No certificate (no policies apply)</option>
              {certificates.data?.map((certificate) => (
                <option key={certificate.certificateId} value={certificate.certificateId}>
                  {certificate.deviceName || 'certificate'} — {shortId(certificate.certificateId)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-client`}>Client ID</label>
            <input
              id={`${id}-client`}
              autoComplete="off"
              spellCheck={false}
              placeholder="thermostat-42"
              value={clientId}
              onChange={(event) => changed(setClientId)(event.target.value)}
            />
          </div>
        </div>
        {certificateId && (
          <p className="muted small" data-testid="attached-policies">
            {attached.isSuccess &&
              (attached.data.length === 0 ? (
                'No policies are attached to this certificate.'
              ) : (
                <>
                  Attached policies:{' '}
                  {attached.data.map((policy, index) => (
                    <span key={policy.policyName}>
                      {index > 0 && ', '}
                      <Link to={`/policies/${encodeURIComponent(policy.policyName)}`}>{policy.policyName}</Link>
                    </span>
                  ))}
                </>
              ))}
          </p>
        )}
        <div className="inline-form__row">
          <div className="field">
            <label htmlFor={`${id}-action`}>Action</label>
            <select
              id={`${id}-action`}
              value={action}
              onChange={(event) => changed(setAction)(event.target.value as PolicyAction)}
            >
              {POLICY_ACTIONS.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          {resourceField && (
            <div className="field">
              <label htmlFor={`${id}-resource`}>{resourceField.label}</label>
              <input
                id={`${id}-resource`}
                autoComplete="off"
                spellCheck={false}
                placeholder={resourceField.placeholder}
                value={resource}
                onChange={(event) => changed(setResource)(event.target.value)}
              />
            </div>
          )}
        </div>
        <div className="checkbox">
          <input
            id={`${id}-thing`}
            type="checkbox"
            checked={withThing}
            onChange={(event) => changed(setWithThing)(event.target.checked)}
          />
          <label htmlFor={`${id}-thing`}>A thing named like the client ID is attached to the certificate</label>
        </div>
        {withThing && (
          <div className="inline-form__row">
            <div className="field">
              <label htmlFor={`${id}-thing-type`}>Thing type</label>
              <input
                id={`${id}-thing-type`}
                autoComplete="off"
                spellCheck={false}
                placeholder="optional"
                value={thingTypeName}
                onChange={(event) => changed(setThingTypeName)(event.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-thing-attributes`}>Thing attributes</label>
              <textarea
                id={`${id}-thing-attributes`}
                className="code-input"
                rows={3}
                spellCheck={false}
                placeholder={'room=kitchen\nfloor=1'}
                value={thingAttributes}
                onChange={(event) => changed(setThingAttributes)(event.target.value)}
              />
            </div>
          </div>
        )}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={simulate.isPending}>
            Simulate
          </button>
        </div>
        {error && (
          <p role="alert" className="alert">
            {error}
          </p>
        )}
      </form>
      {simulate.isSuccess && <SimulationResult result={simulate.data} />}
    </section>
  );
}
