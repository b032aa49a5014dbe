import { Link } from 'react-router';
import { useCanWrite } from '../../auth/hooks/use-can-write';
import { HttpDestinationsPanel } from './http-destinations-panel';
import { RulesTable } from './rules-table';

export function RulesPage() {
  const canWrite = useCanWrite();
  return (
    <div className="page page--wide">
      <header className="page__header page__header--row">
        <div>
          <h1>Rules</h1>
          <p className="muted">
            Topic rules run IoT SQL on the messages devices publish and send the results to actions: republish, HTTP,
            time series, shadows, functions.
          </p>
        </div>
        {canWrite && (
          <Link to="/rules/new" className="button button--primary">
            New rule
          </Link>
        )}
      </header>
      <RulesTable />
      <HttpDestinationsPanel />
    </div>
  );
}
