import type { Qos } from '@meridian/contracts';
import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { usePublish } from '../api/use-publish';
import { validatePublishTopic } from '../utils/topic';

const DEFAULT_PAYLOAD = '{"hello": "world"}';

export function PublishForm() {
  const id = useId();
  const publish = usePublish();
  const [topic, setTopic] = useState('');
  const [qos, setQos] = useState<Qos>(0);
  const [retain, setRetain] = useState(false);
  const [payload, setPayload] = useState(DEFAULT_PAYLOAD);
  const [validationError, setValidationError] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = topic.trim();
    const problem = validatePublishTopic(name);
    setValidationError(problem);
    if (problem) {
      publish.reset();
      return;
    }
    publish.mutate({ topic: name, qos, retain, payload });
  }

  const error = validationError ?? (publish.isError ? errorMessage(publish.error) : null);

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Publish</h2>
      <form className="stack" onSubmit={handleSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-topic`}>Publish topic</label>
          <input
            id={`${id}-topic`}
            name="topic"
            autoComplete="off"
            spellCheck={false}
            placeholder="devices/thermostat-42/commands"
            value={topic}
            aria-invalid={validationError ? true : undefined}
            onChange={(event) => {
              setTopic(event.target.value);
              if (validationError) setValidationError(null);
            }}
          />
        </div>
        <div className="inline-form__row">
          <div className="field field--narrow">
            <label htmlFor={`${id}-qos`}>QoS</label>
            <select
              id={`${id}-qos`}
              name="qos"
              value={qos}
              onChange={(event) => setQos(event.target.value === '1' ? 1 : 0)}
            >
              <option value="0">0</option>
              <option value="1">1</option>
            </select>
          </div>
          <div className="checkbox">
            <input
              id={`${id}-retain`}
              name="retain"
              type="checkbox"
              checked={retain}
              onChange={(event) => setRetain(event.target.checked)}
            />
            <label htmlFor={`${id}-retain`}>Retain</label>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-payload`}>Payload</label>
          <textarea
            id={`${id}-payload`}
            name="payload"
            className="code-input"
            rows={6}
            spellCheck={false}
            value={payload}
            onChange={(event) => setPayload(event.target.value)}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={publish.isPending}>
            Publish
          </button>
          {publish.isSuccess && (
            <p role="status" className="status">
              {`Published to ${publish.variables.topic}`}
            </p>
          )}
        </div>
        {error && (
          <p role="alert" className="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
