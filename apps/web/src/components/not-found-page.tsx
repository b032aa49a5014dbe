import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <div className="page">
      <header className="page__header">
        <h1>Page not found</h1>
      </header>
      <p>
        There is nothing at this address. <Link to="/live">Go to Live</Link>.
      </p>
    </div>
  );
}
