interface ConfirmButtonProps {
  /** Visible text, e.g. "Delete". */
  children: string;
  /** Accessible name naming the row, e.g. "Delete sensor-1". */
  label: string;
  /** Asked with window.confirm before acting; no question when absent. */
  question?: string;
  busy?: boolean;
  onConfirm(): void;
}

/** A small destructive row action that asks for confirmation before it acts. */
export function ConfirmButton({ children, label, question, busy = false, onConfirm }: ConfirmButtonProps) {
  return (
    <button
      type="button"
      className="button button--small button--ghost-dark"
      aria-label={label}
      disabled={busy}
      onClick={() => {
        if (question === undefined || window.confirm(question)) onConfirm();
      }}
    >
      {children}
    </button>
  );
}

/** True while `mutation` runs for exactly `variables` (to disable that row's button only). */
export function isPendingFor<V>(mutation: { isPending: boolean; variables: V | undefined }, variables: V): boolean {
  return mutation.isPending && mutation.variables === variables;
}
