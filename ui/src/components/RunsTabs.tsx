import { NavLink } from 'react-router';

/** Runs and the audit log are two views of the same work: one link away from each other. */
export function RunsTabs() {
  return (
    <nav className="runs-tabs" aria-label="Runs views">
      <NavLink to="/runs" end>
        Workflow runs
      </NavLink>
      <NavLink to="/runs/audit">Audit log</NavLink>
    </nav>
  );
}
