// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import { useId } from 'react';
import { type ActionDraft, actionLabel } from '../utils/action-draft';

const TEMPLATE_HINT =
  'Templates: ${topic(2)} (a topic level), ${clientid()}, ${timestamp()}, ${newuuid()}, or any attribute of the ' +
  'incoming message such as ${deviceId}. They see the incoming message, not the SELECT aliases. $$ is a literal $.';

interface ActionFieldsProps {
  /** "Action 1", "Error action": names the group and prefixes nothing else. */
  title: string;
  draft: ActionDraft;
  onChange: (draft: ActionDraft) => void;
  onRemove: () => void;
  removeLabel: string;
  /** Shown for reading only: every field disabled, no remove button. */
  readOnly?: boolean;
}

/** The fields of one action, by type, with the template hints where templates are allowed. */
export function ActionFields({ title, draft, onChange, onRemove, removeLabel, readOnly = false }: ActionFieldsProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <fieldset className="panel action-fields" disabled={readOnly}>
      <legend>
        {title}: {actionLabel(draft.type)}
      </legend>
      {draft.type === 'republish' && (
        <div className="inline-form__row">
          <TextField
            id={`${id}-topic`}
            label="Republish topic"
            value={draft.topic}
            placeholder="alerts/${topic(2)}"
            hintId={hintId}
            onChange={(topic) => onChange({ ...draft, topic })}
          />
          <div className="field field--narrow">
            <label htmlFor={`${id}-qos`}>QoS</label>
            <select
              id={`${id}-qos`}
              value={draft.qos}
              onChange={(event) => onChange({ ...draft, qos: event.target.value === '1' ? '1' : '0' })}
            >
              <option value="0">0</option>
              <option value="1">1</option>
            </select>
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.retain}
              onChange={(event) => onChange({ ...draft, retain: event.target.checked })}
            />
            Retain
          </label>
        </div>
      )}
      {draft.type === 'http' && (
        <>
          <TextField
            id={`${id}-url`}
            label="URL"
            value={draft.url}
            placeholder="https://example.com/hooks/${topic(2)}"
            hintId={hintId}
            onChange={(url) => onChange({ ...draft, url })}
          />
          <div className="field">
            <label htmlFor={`${id}-headers`}>Headers (one "name: value" per line; values take templates)</label>
            <textarea
              id={`${id}-headers`}
              className="code-input"
              rows={2}
              spellCheck={false}
              value={draft.headers}
              onChange={(event) => onChange({ ...draft, headers: event.target.value })}
            />
          </div>
          <p className="muted small">
            The URL must start with a confirmed HTTP destination (listed below) unless confirmation is turned off.
          </p>
        </>
      )}
      {draft.type === 'timeseries' && (
        <div className="inline-form__row">
          <TextField
            id={`${id}-device`}
            label="Device key"
            value={draft.deviceKey}
            placeholder="${topic(2)}"
            hintId={hintId}
            onChange={(deviceKey) => onChange({ ...draft, deviceKey })}
          />
          <TextField
            id={`${id}-time`}
            label="Time (epoch ms, optional)"
            value={draft.time}
            placeholder="${timestamp()}"
            hintId={hintId}
            onChange={(time) => onChange({ ...draft, time })}
          />
        </div>
      )}
      {draft.type === 'shadow' && (
        <div className="inline-form__row">
          <TextField
            id={`${id}-thing`}
            label="Thing name"
            value={draft.thingName}
            placeholder="${topic(2)}"
            hintId={hintId}
            onChange={(thingName) => onChange({ ...draft, thingName })}
          />
          <TextField
            id={`${id}-shadow`}
            label="Shadow name (empty for the classic shadow)"
            value={draft.shadowName}
            hintId={hintId}
            onChange={(shadowName) => onChange({ ...draft, shadowName })}
          />
        </div>
      )}
      {draft.type === 'function' && (
        <>
          <div className="field">
            <label htmlFor={`${id}-code`}>Function body</label>
            <textarea
              id={`${id}-code`}
              className="code-input"
              rows={5}
              spellCheck={false}
              value={draft.code}
              onChange={(event) => onChange({ ...draft, code: event.target.value })}
            />
          </div>
          <p className="muted small">
            The body of <code>function (event, context)</code>: its return value replaces the output for the actions
            after it; returning <code>undefined</code> stops them. No require, import, network or file access.
          </p>
          <TextField
            id={`${id}-timeout`}
            label="Time limit (ms, optional)"
            value={draft.timeoutMs}
            onChange={(timeoutMs) => onChange({ ...draft, timeoutMs })}
          />
        </>
      )}
      {draft.type !== 'function' && (
        <p id={hintId} className="muted small">
          {TEMPLATE_HINT}
        </p>
      )}
      {!readOnly && (
        <button type="button" className="button button--small" onClick={onRemove}>
          {removeLabel}
        </button>
      )}
    </fieldset>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  placeholder?: string;
  hintId?: string;
  onChange: (value: string) => void;
}

function TextField({ id, label, value, placeholder, hintId, onChange }: TextFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        autoComplete="off"
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        aria-describedby={hintId}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
