import type { SqlVersion, TopicRule, TopicRulePayload } from '@meridian/contracts';
import { RULE_NAME_PATTERN } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage, isApiRequestError } from '../../../lib/api-client';
import { useCanWrite } from '../../auth/hooks/use-can-write';
import { useCreateRule, useDeleteRule, useReplaceRule, useSetRuleEnabled } from '../api/rule-mutations';
import { ruleQueries } from '../api/rule-queries';
import { ACTION_TYPES, type ActionDraft, emptyAction, toAction, toDraft } from '../utils/action-draft';
import { ActionFields } from './action-fields';
import { RuleActivityPanel } from './rule-activity-panel';
import { RuleMetricsPanel } from './rule-metrics-panel';
import { RuleTestPanel } from './rule-test-panel';
import { type SqlCheck, SqlEditor } from './sql-editor';

const RULE_NAME = new RegExp(RULE_NAME_PATTERN);
/** What the AWS console starts new rules with (the API's default is 2015-10-08). */
const CONSOLE_SQL_VERSION: SqlVersion = '2016-03-23';
const SQL_VERSIONS: ReadonlyArray<{ value: SqlVersion; label: string }> = [
  { value: '2016-03-23', label: '2016-03-23 (current)' },
  { value: '2015-10-08', label: '2015-10-08 (original)' },
  { value: 'beta', label: 'beta' },
];

/** `/rules/new` creates a rule; `/rules/:ruleName` edits one. */
export function RuleBuilderPage() {
  const { ruleName } = useParams();
  const canWrite = useCanWrite();
  if (ruleName === undefined) return canWrite ? <RuleEditor rule={null} /> : <NoNewRule />;
  return <ExistingRule ruleName={ruleName} />;
}

function NoNewRule() {
  return (
    <div className="page">
      <h1>New rule</h1>
      <p role="alert" className="alert">
        Your role can read rules but not create them.
      </p>
      <Link to="/rules">Back to rules</Link>
    </div>
  );
}

function ExistingRule({ ruleName }: { ruleName: string }) {
  const rule = useQuery(ruleQueries.detail(ruleName));
  if (rule.isPending) return <p className="muted">Loading rule…</p>;
  if (rule.isError)
    return (
      <div className="page">
        <h1>{ruleName}</h1>
        <p role="alert" className="alert">
          {isApiRequestError(rule.error) && rule.error.status === 404
            ? `There is no rule named ${ruleName}.`
            : errorMessage(rule.error)}
        </p>
        <Link to="/rules">Back to rules</Link>
      </div>
    );
  // Start the form again when the stored rule changes under it (another tab saved it).
  return <RuleEditor key={`${rule.data.rule.ruleName}`} rule={rule.data.rule} />;
}

function RuleEditor({ rule }: { rule: TopicRule | null }) {
  const id = useId();
  const navigate = useNavigate();
  const create = useCreateRule();
  const replace = useReplaceRule(rule?.ruleName ?? '');
  const readOnly = !useCanWrite();
  const [ruleName, setRuleName] = useState(rule?.ruleName ?? '');
  const [description, setDescription] = useState(rule?.description ?? '');
  const [sqlVersion, setSqlVersion] = useState<SqlVersion>(rule?.awsIotSqlVersion ?? CONSOLE_SQL_VERSION);
  const [sql, setSql] = useState(rule?.sql ?? '');
  const [actions, setActions] = useState<ActionDraft[]>(() => rule?.actions.map(toDraft) ?? []);
  const [errorAction, setErrorAction] = useState<ActionDraft | null>(() =>
    rule?.errorAction ? toDraft(rule.errorAction) : null,
  );
  const [nameError, setNameError] = useState<string | null>(null);
  const [check, setCheck] = useState<SqlCheck | null>(null);
  // The last FROM filter that parsed: the test panel keeps its captured messages while the SQL is mid-edit.
  const [topicFilter, setTopicFilter] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const save = rule ? replace : create;

  function edited() {
    setSaved(false);
    if (save.isError) save.reset();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = ruleName.trim();
    if (!rule && !RULE_NAME.test(name)) {
      setNameError('Use 1 to 128 letters, digits and underscores.');
      return;
    }
    const payload: TopicRulePayload = {
      sql,
      awsIotSqlVersion: sqlVersion,
      actions: actions.map(toAction),
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(errorAction ? { errorAction: toAction(errorAction) } : {}),
      // New rules start disabled: test first, then enable.
      ruleDisabled: rule ? rule.ruleDisabled : true,
    };
    if (rule) {
      replace.mutate(payload, { onSuccess: () => setSaved(true) });
    } else {
      create.mutate(
        { ruleName: name, topicRulePayload: payload },
        { onSuccess: (created) => navigate(`/rules/${encodeURIComponent(created.rule.ruleName)}`) },
      );
    }
  }

  return (
    <div className="page page--wide">
      <header className="page__header page__header--row">
        <div>
          <p className="small">
            <Link to="/rules">Rules</Link>
          </p>
          <h1>{rule ? rule.ruleName : 'New rule'}</h1>
          {rule && (
            <p className="muted">
              {rule.ruleDisabled
                ? 'Disabled: it does not see any message.'
                : 'Enabled: it runs on every matching message.'}
            </p>
          )}
        </div>
        {rule && !readOnly && <RuleHeaderActions rule={rule} />}
      </header>

      <form className="panel" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>Rule</h2>
        {readOnly && <p className="muted small">Your role can read this rule but not change it.</p>}
        <div className="inline-form__row">
          {!rule && (
            <div className="field">
              <label htmlFor={`${id}-name`}>Rule name</label>
              <input
                id={`${id}-name`}
                autoComplete="off"
                spellCheck={false}
                placeholder="e.g. hot_sensors"
                value={ruleName}
                aria-invalid={nameError ? true : undefined}
                aria-describedby={nameError ? `${id}-name-error` : undefined}
                onChange={(event) => {
                  setRuleName(event.target.value);
                  setNameError(null);
                  edited();
                }}
              />
              {nameError && (
                <p id={`${id}-name-error`} className="field-error">
                  {nameError}
                </p>
              )}
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-version`}>SQL version</label>
            <select
              id={`${id}-version`}
              value={sqlVersion}
              disabled={readOnly}
              onChange={(event) => {
                setSqlVersion(event.target.value as SqlVersion);
                edited();
              }}
            >
              {SQL_VERSIONS.map((version) => (
                <option key={version.value} value={version.value}>
                  {version.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-description`}>Description</label>
            <input
              id={`${id}-description`}
              autoComplete="off"
              value={description}
              disabled={readOnly}
              onChange={(event) => {
                setDescription(event.target.value);
                edited();
              }}
            />
          </div>
        </div>

        <div className="field">
          <span className="field__label" aria-hidden="true">
            SQL statement
          </span>
          <SqlEditor
            id={`${id}-sql`}
            label="SQL statement"
            value={sql}
            sqlVersion={sqlVersion}
            describedBy={`${id}-sql-status`}
            readOnly={readOnly}
            onChange={(value) => {
              setSql(value);
              edited();
            }}
            onCheck={(next) => {
              setCheck(next);
              if (next.state === 'checked' && next.validation.valid) setTopicFilter(next.validation.topicFilter);
            }}
          />
          <SqlStatus id={`${id}-sql-status`} check={check} />
        </div>

        <h3>Actions</h3>
        {actions.length === 0 && <p className="muted small">No actions: matching messages are only counted.</p>}
        {actions.map((draft, index) => (
          <ActionFields
            // biome-ignore lint/suspicious/noArrayIndexKey: actions have no identity but their place in the list
            key={index}
            title={`Action ${index + 1}`}
            draft={draft}
            removeLabel={`Remove action ${index + 1}`}
            readOnly={readOnly}
            onChange={(next) => {
              setActions((current) => current.map((item, i) => (i === index ? next : item)));
              edited();
            }}
            onRemove={() => {
              setActions((current) => current.filter((_, i) => i !== index));
              edited();
            }}
          />
        ))}
        {!readOnly && (
          <AddAction
            label="Add action"
            onAdd={(type) => {
              setActions((current) => [...current, emptyAction(type)]);
              edited();
            }}
          />
        )}

        <h3>Error action</h3>
        {errorAction ? (
          <ActionFields
            title="Error action"
            draft={errorAction}
            removeLabel="Remove error action"
            readOnly={readOnly}
            onChange={(next) => {
              setErrorAction(next);
              edited();
            }}
            onRemove={() => {
              setErrorAction(null);
              edited();
            }}
          />
        ) : readOnly ? (
          <p className="muted small">No error action.</p>
        ) : (
          <>
            <p className="muted small">
              Runs once with AWS's error document (rule name, topic, failures, original payload in base64) when an
              action fails.
            </p>
            <AddAction
              label="Set error action"
              onAdd={(type) => {
                setErrorAction(emptyAction(type));
                edited();
              }}
            />
          </>
        )}

        {!readOnly && (
          <div className="toolbar">
            <button type="submit" className="button button--primary" disabled={save.isPending || sql.trim() === ''}>
              {rule ? 'Save rule' : 'Create rule'}
            </button>
            {!rule && <span className="muted small">New rules start disabled; enable them after a test.</span>}
          </div>
        )}
        {save.isError && (
          <p role="alert" className="alert">
            {errorMessage(save.error)}
          </p>
        )}
        {saved && (
          <p role="status" className="status">
            Saved.
          </p>
        )}
      </form>

      <RuleTestPanel sql={sql} sqlVersion={sqlVersion} topicFilter={topicFilter} />
      {rule && <RuleMetricsPanel ruleName={rule.ruleName} />}
      {rule && <RuleActivityPanel ruleName={rule.ruleName} />}
    </div>
  );
}

function SqlStatus({ id, check }: { id: string; check: SqlCheck | null }) {
  if (check === null) return <p id={id} className="muted small" />;
  if (check.state === 'checking')
    return (
      <p id={id} className="muted small">
        Checking…
      </p>
    );
  if (check.state === 'failed')
    return (
      <p id={id} className="muted small">
        The statement could not be checked right now.
      </p>
    );
  const { validation } = check;
  if (validation.valid)
    return (
      <p id={id} role="status" className="status small">
        The statement is valid
        {validation.topicFilter === undefined ? ' (Basic Ingest only)' : `; it reads ${validation.topicFilter}`}.
      </p>
    );
  return (
    <p id={id} role="alert" className="field-error">
      Line {validation.line}, column {validation.column}: {validation.message}
    </p>
  );
}

function AddAction({ label, onAdd }: { label: string; onAdd: (type: ActionDraft['type']) => void }) {
  const id = useId();
  const [type, setType] = useState<ActionDraft['type']>('republish');
  return (
    <div className="inline-form__row">
      <div className="field">
        <label htmlFor={`${id}-type`}>{label}: type</label>
        <select id={`${id}-type`} value={type} onChange={(event) => setType(event.target.value as ActionDraft['type'])}>
          {ACTION_TYPES.map((option) => (
            <option key={option.type} value={option.type}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="button" onClick={() => onAdd(type)}>
        {label}
      </button>
    </div>
  );
}

function RuleHeaderActions({ rule }: { rule: TopicRule }) {
  const navigate = useNavigate();
  const setEnabled = useSetRuleEnabled();
  const remove = useDeleteRule(rule.ruleName);

  function handleDelete() {
    if (!window.confirm(`Delete rule ${rule.ruleName}? Its actions stop at once. This cannot be undone.`)) return;
    remove.mutate(undefined, { onSuccess: () => navigate('/rules') });
  }

  const error = setEnabled.error ?? remove.error;
  return (
    <div className="stack">
      <div className="toolbar__actions">
        <button
          type="button"
          className="button"
          disabled={setEnabled.isPending}
          onClick={() => setEnabled.mutate({ ruleName: rule.ruleName, enabled: rule.ruleDisabled })}
        >
          {rule.ruleDisabled ? 'Enable rule' : 'Disable rule'}
        </button>
        <button type="button" className="button" disabled={remove.isPending} onClick={handleDelete}>
          Delete rule
        </button>
      </div>
      {error && (
        <p role="alert" className="alert">
          {errorMessage(error)}
        </p>
      )}
    </div>
  );
}
