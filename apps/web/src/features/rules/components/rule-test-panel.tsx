import type { CapturedMessage, RuleTestResult, SqlVersion } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../utils/format-date';
import { useTestRule } from '../api/rule-mutations';
import { ruleQueries } from '../api/rule-queries';
import { prettyOutput } from '../utils/pretty-output';
import { sampleTopic } from '../utils/sample-topic';

interface RuleTestPanelProps {
  sql: string;
  sqlVersion: SqlVersion;
  /** The statement's FROM filter once the server has parsed it. */
  topicFilter: string | undefined;
}

/**
 * Runs the statement being edited on one message — typed here or one the platform received recently on
 * the FROM filter — with the server's production evaluator, and shows the output or why it did not match.
 */
export function RuleTestPanel({ sql, sqlVersion, topicFilter }: RuleTestPanelProps) {
  const id = useId();
  const test = useTestRule();
  const [topic, setTopic] = useState('');
  const [payload, setPayload] = useState('{\n  "temperature": 35\n}');
  const [clientId, setClientId] = useState<string | undefined>(undefined);
  const [payloadEncoding, setPayloadEncoding] = useState<'utf8' | 'base64'>('utf8');
  const captured = useQuery({ ...ruleQueries.capturedMessages(topicFilter ?? ''), enabled: topicFilter !== undefined });
  const messages = captured.data ?? [];

  function pickCaptured(message: CapturedMessage) {
    setTopic(message.topic);
    setPayload(message.payloadEncoding === 'utf8' ? prettyOutput(message.payload) : message.payload);
    setPayloadEncoding(message.payloadEncoding);
    setClientId(message.clientId);
    test.reset();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const testTopic = topic.trim() || (topicFilter ? sampleTopic(topicFilter) : '');
    if (testTopic !== topic) setTopic(testTopic);
    if (!testTopic || sql.trim() === '') return;
    test.mutate({
      sql,
      sqlVersion,
      topic: testTopic,
      payload,
      ...(payloadEncoding === 'base64' ? { payloadEncoding } : {}),
      ...(clientId === undefined ? {} : { clientId }),
    });
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Test</h2>
      <p className="muted small">
        Runs the statement above with the same evaluator as the rules engine. Nothing is published and no action runs.
      </p>
      {topicFilter !== undefined && (
        <div className="field">
          <label htmlFor={`${id}-captured`}>Recent message on {topicFilter}</label>
          <div className="inline-form__row">
            <select
              id={`${id}-captured`}
              value=""
              disabled={messages.length === 0}
              onChange={(event) => {
                const message = messages[Number(event.target.value)];
                if (message) pickCaptured(message);
              }}
            >
              <option value="">
                {captured.isPending
                  ? 'Loading…'
                  : messages.length === 0
                    ? 'No messages received on this filter yet'
                    : `Choose one of ${messages.length} recent messages`}
              </option>
              {messages.map((message, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole on refresh; the index is the value
                <option key={index} value={index}>
                  {formatDateTime(message.receivedAt)} · {message.topic} · {preview(message)}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--small"
              disabled={captured.isFetching}
              onClick={() => void captured.refetch()}
            >
              Refresh messages
            </button>
          </div>
        </div>
      )}
      <form onSubmit={handleSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-topic`}>Sample topic</label>
          <input
            id={`${id}-topic`}
            autoComplete="off"
            spellCheck={false}
            value={topic}
            placeholder={topicFilter ? sampleTopic(topicFilter) : 'sensors/device-1/telemetry'}
            onChange={(event) => {
              setTopic(event.target.value);
              setClientId(undefined);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-payload`}>
            Sample payload{payloadEncoding === 'base64' ? ' (binary, base64)' : ''}
          </label>
          <textarea
            id={`${id}-payload`}
            className="code-input"
            rows={6}
            spellCheck={false}
            value={payload}
            onChange={(event) => {
              setPayload(event.target.value);
              setPayloadEncoding('utf8');
              setClientId(undefined);
            }}
          />
        </div>
        <button type="submit" className="button button--primary" disabled={test.isPending || sql.trim() === ''}>
          Run test
        </button>
      </form>
      {test.isError && (
        <p role="alert" className="alert">
          {errorMessage(test.error)}
        </p>
      )}
      {test.data && <TestResult result={test.data} />}
    </section>
  );
}

function TestResult({ result }: { result: RuleTestResult }) {
  switch (result.result) {
    case 'output':
      return (
        <figure className="figure" aria-label="Test output">
          <figcaption>
            The rule matches. Output{result.outputEncoding === 'base64' ? ' (binary, base64)' : ''}:
          </figcaption>
          <pre className="message__payload">
            {result.outputEncoding === 'json' ? prettyOutput(result.output) : result.output}
          </pre>
        </figure>
      );
    case 'no-match':
      return (
        <p role="status" className="warning">
          No match ({result.reason === 'topic' ? 'topic' : 'WHERE'}): {result.message}.
        </p>
      );
    case 'parse-error':
      return (
        <p role="alert" className="alert">
          The statement does not parse: {result.message}
        </p>
      );
    case 'evaluation-error':
      return (
        <p role="alert" className="alert">
          The statement cannot produce output for this message: {result.message}
        </p>
      );
  }
}

function preview(message: CapturedMessage): string {
  if (message.payloadEncoding === 'base64') return 'binary';
  return message.payload.length > 60 ? `${message.payload.slice(0, 60)}…` : message.payload;
}
