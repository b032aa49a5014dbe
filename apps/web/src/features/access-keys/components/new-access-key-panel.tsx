import type { CreatedAccessKey } from '@meridian/contracts';
import { useEffect, useId, useRef } from 'react';
import { CopyButton } from '../../../components/copy-button';

interface NewAccessKeyPanelProps {
  accessKey: CreatedAccessKey;
  onDone: () => void;
}

/** The one-time view of a new key's secret (it cannot be read back later). */
export function NewAccessKeyPanel({ accessKey, onDone }: NewAccessKeyPanelProps) {
  const id = useId();
  const panelRef = useRef<HTMLElement>(null);

  // Bring the one-time secret into view and focus so it is not missed.
  useEffect(() => {
    panelRef.current?.focus();
  }, []);

  return (
    <section ref={panelRef} tabIndex={-1} className="panel panel--highlight" aria-label="New access key">
      <h2>Access key {accessKey.accessKeyId}</h2>
      <p className="warning">
        <strong>The secret access key is shown only once.</strong> Copy it now and keep it safe: it cannot be shown
        again. If it is lost, revoke the key and create another.
      </p>
      <div className="field">
        <label htmlFor={`${id}-id`}>Access key ID</label>
        <input id={`${id}-id`} className="code-input" readOnly spellCheck={false} value={accessKey.accessKeyId} />
        <CopyButton text={accessKey.accessKeyId} label="Copy access key ID" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-secret`}>Secret access key</label>
        <input
          id={`${id}-secret`}
          className="code-input"
          readOnly
          spellCheck={false}
          value={accessKey.secretAccessKey}
        />
        <CopyButton text={accessKey.secretAccessKey} label="Copy secret access key" />
      </div>
      <div className="actions">
        <button type="button" className="button button--primary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
