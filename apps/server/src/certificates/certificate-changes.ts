/** A change that may end the right of live connections to stay connected. */
export type CertificateChange =
  | { kind: 'certificate'; certificateId: string }
  | { kind: 'ca'; caCertificateId: string };

export type CertificateChangeListener = (change: CertificateChange) => void;

/** Tells listeners (the live-connection guard) about certificate and CA status changes and deletions. */
export class CertificateChanges {
  private readonly listeners = new Set<CertificateChangeListener>();

  subscribe(listener: CertificateChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(change: CertificateChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
