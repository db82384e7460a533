import { Link } from 'react-router';

/** A screen of issue 12 that is not built yet: reachable from the nav, saying so plainly. */
export function Coming({ title }: { title: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p className="state">Coming: this screen is not built yet.</p>
    </>
  );
}

export function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        <Link to="/">Go to the overview</Link>
      </p>
    </>
  );
}
