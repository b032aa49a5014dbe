import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { SQLDialect, sql } from '@codemirror/lang-sql';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic, forceLinting, linter, lintGutter } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, placeholder } from '@codemirror/view';
import type { RuleSqlValidation, SqlVersion } from '@meridian/contracts';
import { useEffect, useRef } from 'react';
import { validateRuleSql } from '../api/rule-mutations';
import { errorRange } from '../utils/editor-position';

/** AWS IoT SQL: both quote styles are string literals, no comments, case-insensitive keywords. */
const IOT_SQL = SQLDialect.define({
  keywords: 'select value from where as and or not case when then else end true false null is in',
  builtin:
    'topic clientid principal timestamp traceid accountid newuuid encode decode abs round floor ceil trunc mod ' +
    'concat lower upper substring indexof startswith endswith length numbytes trim ltrim rtrim replace ' +
    'regexp_matches regexp_replace regexp_substr get isnull isundefined nanvl cast parse_time time_to_epoch ' +
    'get_thing_shadow transform sql_version md5 sha1 sha256',
  doubleQuotedStrings: true,
  hashComments: false,
  slashComments: false,
});

const LINT_DELAY_MS = 400;

export type SqlCheck =
  | { state: 'checking' }
  | { state: 'checked'; validation: RuleSqlValidation }
  | { state: 'failed' };

interface SqlEditorProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  sqlVersion: SqlVersion;
  /** Told about each server check of the statement (debounced while typing). */
  onCheck?: (check: SqlCheck) => void;
  describedBy?: string;
  /** The statement can be read, selected and checked, not changed. */
  readOnly?: boolean;
}

/**
 * CodeMirror 6 editor for IoT SQL: highlighting, and inline errors from the server's parser (the one
 * the rules engine uses), asked for after a pause in typing.
 */
export function SqlEditor({
  id,
  label,
  value,
  onChange,
  sqlVersion,
  onCheck,
  describedBy,
  readOnly = false,
}: SqlEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const readOnlyCompartment = useRef(new Compartment()).current;
  const onChangeRef = useRef(onChange);
  const onCheckRef = useRef(onCheck);
  const versionRef = useRef(sqlVersion);
  onChangeRef.current = onChange;
  onCheckRef.current = onCheck;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the view is created once; later values arrive below
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const source = async (view: EditorView): Promise<Diagnostic[]> => {
      const text = view.state.doc.toString();
      if (text.trim() === '') return [];
      onCheckRef.current?.({ state: 'checking' });
      let validation: RuleSqlValidation;
      try {
        validation = await validateRuleSql({ sql: text, sqlVersion: versionRef.current });
      } catch {
        onCheckRef.current?.({ state: 'failed' });
        return [];
      }
      // A newer edit will be checked on its own.
      if (view.state.doc.toString() !== text) return [];
      onCheckRef.current?.({ state: 'checked', validation });
      if (validation.valid) return [];
      const { from, to } = errorRange(text, validation.line, validation.column);
      return [{ from, to, severity: 'error', message: validation.message, source: 'IoT SQL' }];
    };
    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          sql({ dialect: IOT_SQL, upperCaseKeywords: true }),
          syntaxHighlighting(defaultHighlightStyle),
          linter(source, { delay: LINT_DELAY_MS }),
          lintGutter(),
          placeholder("SELECT * FROM 'sensors/+/telemetry'"),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({
            id,
            'aria-label': label,
            ...(describedBy ? { 'aria-describedby': describedBy } : {}),
          }),
          readOnlyCompartment.of(readOnlyExtensions(readOnly)),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, []);

  // A value set from outside (a loaded rule): replace the document.
  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const current = view.state.doc.toString();
    if (current !== value) view.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: readOnlyCompartment.reconfigure(readOnlyExtensions(readOnly)) });
  }, [readOnly, readOnlyCompartment]);

  // The version changes what parses: check again.
  useEffect(() => {
    if (versionRef.current === sqlVersion) return;
    versionRef.current = sqlVersion;
    if (viewRef.current) forceLinting(viewRef.current);
  }, [sqlVersion]);

  return <div ref={hostRef} className="sql-editor" data-testid="sql-editor" />;
}

function readOnlyExtensions(readOnly: boolean) {
  return readOnly ? [EditorState.readOnly.of(true), EditorView.contentAttributes.of({ 'aria-readonly': 'true' })] : [];
}
