import type { DecidingStatement, PolicySimulationResult } from '@meridian/contracts';
import { Link } from 'react-router';

function statementName(statement: DecidingStatement): string {
  return statement.sid === undefined ? `Statement ${statement.statementIndex + 1}` : `Sid ${statement.sid}`;
}

function explanation(result: PolicySimulationResult): string {
  const { decidingStatement, reason } = result;
  if (reason === 'default-deny' || decidingStatement === undefined)
    return result.evaluatedPolicies.length === 0
      ? 'Denied: no policy applies, so nothing is allowed.'
      : `Denied: no statement allows ${result.action} on this resource.`;
  const where = `${statementName(decidingStatement)} of policy ${decidingStatement.policyName}, version ${decidingStatement.policyVersionId}`;
  return reason === 'explicit-deny' ? `Denied explicitly by ${where}.` : `Allowed by ${where}.`;
}

export function SimulationResult({ result }: { result: PolicySimulationResult }) {
  const { decidingStatement } = result;
  return (
    <section className="simulation" aria-label="Simulation result" aria-live="polite">
      <p className={`decision decision--${result.allowed ? 'allow' : 'deny'}`} data-testid="decision">
        {result.allowed ? 'Allow' : 'Deny'}
      </p>
      <p>{explanation(result)}</p>
      <dl className="facts">
        <div>
          <dt>Checked resource</dt>
          <dd>
            <code className="break-all">{result.resourceArn}</code>
          </dd>
        </div>
        {decidingStatement && (
          <>
            <div>
              <dt>Policy</dt>
              <dd>
                <Link to={`/policies/${encodeURIComponent(decidingStatement.policyName)}`}>
                  {decidingStatement.policyName}
                </Link>
              </dd>
            </div>
            <div>
              <dt>Version</dt>
              <dd>{decidingStatement.policyVersionId}</dd>
            </div>
            <div>
              <dt>Statement</dt>
              <dd>{statementName(decidingStatement)}</dd>
            </div>
          </>
        )}
        <div>
          <dt>Evaluated policies</dt>
          <dd>
            {result.evaluatedPolicies.length === 0
              ? 'none'
              : result.evaluatedPolicies.map((p) => `${p.policyName} (v${p.policyVersionId})`).join(', ')}
          </dd>
        </div>
      </dl>
      {decidingStatement?.statement && (
        <figure className="figure" aria-label="Deciding statement">
          <pre className="statement">{decidingStatement.statement}</pre>
        </figure>
      )}
    </section>
  );
}
