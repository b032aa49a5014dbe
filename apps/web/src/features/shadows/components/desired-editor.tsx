import type { ShadowDocument, ShadowUpdateRequest } from '@meridian/contracts';
import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { useUpdateShadow, versionConflictOf } from '../api/shadow-mutations';
import { type JsonObject, type JsonValue, jsonSection, storedSections } from '../utils/json';
import { diffJson } from '../utils/json-diff';
import { mergePatch } from '../utils/merge-patch';
import { parseDesired } from '../utils/parse-desired';
import { JsonDiffView } from './json-diff-view';
import { ShadowSections } from './shadow-sections';

interface DesiredEditorProps {
  thingName: string;
  shadowName: string;
  /** The shadow as last loaded; `null` while it does not exist. */
  document: ShadowDocument | null;
}

/** An edit in progress: the text, and the document it started from (its version locks the update). */
interface Edit {
  text: string;
  base: ShadowDocument | null;
}

interface Conflict {
  /** The document the refused update was based on. */
  base: ShadowDocument | null;
  /** The shadow when the update was refused; `null` when it had been deleted. */
  current: ShadowDocument | null;
  /** What the operator's edit changes in desired. */
  patch: JsonObject;
}

const pretty = (value: JsonValue) => JSON.stringify(value, null, 2);
const desiredOf = (document: ShadowDocument | null): JsonObject => jsonSection(document?.state.desired) ?? {};
const sectionsOf = (document: ShadowDocument | null) => storedSections(document?.state ?? {});

/**
 * The desired state as JSON text. Checked before sending; what is sent is the change from the
 * version the edit started from (removed keys as `null`), with that version, so a shadow that moved
 * on meanwhile is not overwritten: the 409 shows the newer document and what changed, and offers to
 * apply the same change to it.
 */
export function DesiredEditor({ thingName, shadowName, document }: DesiredEditorProps) {
  const id = useId();
  const update = useUpdateShadow(thingName, shadowName);
  const [edit, setEdit] = useState<Edit | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [sentVersion, setSentVersion] = useState<number | null>(null);

  const text = edit?.text ?? pretty(desiredOf(document));
  const movedOn = edit !== null && edit.base?.version !== document?.version;

  function send(patch: JsonObject, base: ShadowDocument | null) {
    const request: ShadowUpdateRequest = {
      state: { desired: patch },
      ...(base === null ? {} : { version: base.version }),
    };
    setSentVersion(null);
    update.mutate(request, {
      onSuccess: (accepted) => {
        setEdit(null);
        setConflict(null);
        setSentVersion(accepted.version);
      },
      onError: (error) => {
        const refused = versionConflictOf(error);
        setConflict(refused ? { base, current: refused.current, patch } : null);
      },
    });
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseDesired(text);
    if (!parsed.ok) {
      setProblem(parsed.error);
      return;
    }
    const base = edit ? edit.base : document;
    const patch = mergePatch(desiredOf(base), parsed.value);
    if (Object.keys(patch).length === 0) {
      setProblem('Nothing to send: the desired state is unchanged.');
      return;
    }
    setProblem(null);
    send(patch, base);
  }

  function discard() {
    setEdit(null);
    setConflict(null);
    setProblem(null);
    update.reset();
  }

  const otherError = update.isError && !conflict ? errorMessage(update.error) : null;

  return (
    <section className="shadow-editor" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Edit desired state</h3>
      <form className="stack" onSubmit={handleSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-json`}>Desired state (JSON)</label>
          <textarea
            id={`${id}-json`}
            className="json-editor"
            rows={Math.min(16, Math.max(4, text.split('\n').length + 1))}
            spellCheck={false}
            value={text}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : `${id}-hint`}
            onChange={(event) => {
              setEdit({ text: event.target.value, base: edit ? edit.base : document });
              setProblem(null);
              setSentVersion(null);
            }}
          />
          <p id={`${id}-hint`} className="muted small">
            The whole desired state: keys you remove are removed from the shadow.
            {document
              ? ` Sent against version ${edit?.base?.version ?? document.version}.`
              : ' The first update creates the shadow.'}
          </p>
          {problem && (
            <p id={`${id}-problem`} role="alert" className="field-error">
              {problem}
            </p>
          )}
        </div>
        {movedOn && !conflict && (
          <p className="warning" role="status">
            The shadow changed to version {document?.version ?? '(deleted)'} since you started editing version{' '}
            {edit?.base?.version ?? '(none)'}. Sending may be refused as a version conflict.
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={update.isPending}>
            {update.isPending ? 'Sending…' : 'Send desired state'}
          </button>
          {edit && (
            <button type="button" className="button button--ghost" onClick={discard}>
              Discard changes
            </button>
          )}
          {sentVersion !== null && <output className="muted small">Accepted as version {sentVersion}.</output>}
        </div>
        {otherError && (
          <p role="alert" className="alert">
            {otherError}
          </p>
        )}
      </form>
      {conflict && (
        <section className="warning stack" aria-label="Version conflict">
          <p role="alert">
            <strong>Version conflict.</strong> Your edit was based on version {conflict.base?.version ?? '(none)'}, but
            the shadow {conflict.current ? `is now at version ${conflict.current.version}` : 'has been deleted'}.
            Nothing was changed.
          </p>
          <h4>What changed since version {conflict.base?.version ?? '(none)'}</h4>
          <JsonDiffView
            label="Changes since your version"
            entries={diffJson(sectionsOf(conflict.base), sectionsOf(conflict.current))}
          />
          {conflict.current && (
            <>
              <h4>The newer document (version {conflict.current.version})</h4>
              <ShadowSections document={conflict.current} />
            </>
          )}
          <h4>Your change to desired</h4>
          <pre className="json-block">{pretty(conflict.patch)}</pre>
          <div className="actions">
            <button
              type="button"
              className="button button--primary"
              disabled={update.isPending}
              onClick={() => send(conflict.patch, conflict.current)}
            >
              {conflict.current ? `Re-apply my change to version ${conflict.current.version}` : 'Re-apply my change'}
            </button>
            <button type="button" className="button button--ghost" onClick={discard}>
              Discard my change
            </button>
          </div>
        </section>
      )}
    </section>
  );
}
