interface ComingSoonPageProps {
  title: string;
  description: string;
}

/** Placeholder for a console section that is not built yet (no fake data). */
export function ComingSoonPage({ title, description }: ComingSoonPageProps) {
  return (
    <div className="page">
      <header className="page__header">
        <h1>{title}</h1>
      </header>
      <div className="panel panel--empty">
        <p>
          <span className="badge">coming soon</span>
        </p>
        <p className="muted">{description}</p>
      </div>
    </div>
  );
}
