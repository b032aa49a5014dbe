import type { RuleActivity } from '@meridian/contracts';
import { useId } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { formatClockTime } from '../../../utils/format-date';
import { useRuleActivity } from '../api/use-rule-activity';
import { prettyOutput } from '../utils/pretty-output';

/** The rule's recent outputs and errors as the engine produced them, newest first, streamed while shown. */
export function RuleActivityPanel({ ruleName }: { ruleName: string }) {
  const id = useId();
  const { query: activity, entries } = useRuleActivity(ruleName);

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Live output</h2>
      {activity.isError && (
        <p role="alert" className="alert">
          {errorMessage(activity.error)}
        </p>
      )}
      {activity.isSuccess && entries.length === 0 && (
        <p className="muted">Nothing yet: outputs and errors show here as messages match the rule.</p>
      )}
      {entries.length > 0 && (
        <div role="log" aria-label="Rule output" className="message-log">
          {entries.map((entry) => (
            <ActivityEntry key={entry.seq} entry={entry} />
          ))}
        </div>
      )}
    </section>
  );
}

function ActivityEntry({ entry }: { entry: RuleActivity }) {
  return (
    <article className={`message${entry.kind === 'error' ? ' message--error' : ''}`}>
      <p className="message__meta">
        <span className={`badge ${entry.kind === 'error' ? 'badge--revoked' : 'badge--active'}`}>
          {entry.kind === 'error' ? 'error' : 'output'}
        </span>{' '}
        <time dateTime={entry.at}>{formatClockTime(entry.at)}</time>{' '}
        <code className="message__topic">{entry.topic}</code>
      </p>
      {entry.kind === 'output' ? (
        <pre className="message__payload">
          {entry.outputEncoding === 'json' ? prettyOutput(entry.output) : `base64: ${entry.output}`}
        </pre>
      ) : (
        <p className="message__note">
          {entry.failedAction}
          {entry.failedResource ? ` (${entry.failedResource})` : ''}: {entry.errorMessage}
        </p>
      )}
    </article>
  );
}
