import type { ReactNode } from 'react';
import { useId } from 'react';
import { errorMessage } from '../lib/api-client';

interface QueryState<T> {
  isPending: boolean;
  isSuccess: boolean;
  data: T | undefined;
}

interface ListPanelProps<T> {
  title: ReactNode;
  /** The list query; its own error is shown before `error`. */
  query: QueryState<T> & { isError: boolean; error: unknown };
  /** Another error to show, usually that of a row action's mutation. */
  error?: unknown;
  loadingText: string;
  empty: ReactNode;
  isEmpty(data: T): boolean;
  /** Extra controls beside the title (the title then sits in a toolbar). */
  toolbar?: ReactNode;
  /** Shown below the list in every state. */
  footer?: ReactNode;
  /** The list itself; `titleId` labels a table with the panel's title. */
  children(data: T, titleId: string): ReactNode;
}

/** A titled panel around a list query: loading text, an alert for the first error, an empty text, then the list. */
export function ListPanel<T>({
  title,
  query,
  error,
  loadingText,
  empty,
  isEmpty,
  toolbar,
  footer,
  children,
}: ListPanelProps<T>) {
  const titleId = `${useId()}-title`;
  const shownError = query.isError ? query.error : error;
  const heading = <h2 id={titleId}>{title}</h2>;
  return (
    <section className="panel" aria-labelledby={titleId}>
      {toolbar === undefined ? (
        heading
      ) : (
        <div className="toolbar">
          {heading}
          {toolbar}
        </div>
      )}
      {query.isPending && <p className="muted">{loadingText}</p>}
      {shownError !== undefined && shownError !== null && (
        <p role="alert" className="alert">
          {errorMessage(shownError)}
        </p>
      )}
      {query.isSuccess &&
        query.data !== undefined &&
        (isEmpty(query.data) ? <p className="muted">{empty}</p> : children(query.data, titleId))}
      {footer}
    </section>
  );
}

/** The error of the first mutation that failed, or undefined. */
export function firstMutationError(...mutations: { isError: boolean; error: unknown }[]): unknown {
  return mutations.find((mutation) => mutation.isError)?.error;
}
