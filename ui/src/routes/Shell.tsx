import { NavLink, Outlet } from 'react-router';
import { AlertBanner } from '../components/AlertBanner';
import { LocalRole } from '../components/LocalRole';
import { SignedIn } from '../components/SignedIn';

export const NAV: { to: string; label: string }[] = [
  { to: '/', label: 'Overview' },
  { to: '/map', label: 'Map' },
  { to: '/alerts', label: 'Alerts' },
  { to: '/runs', label: 'Runs' },
  { to: '/quality', label: 'Quality' },
  { to: '/schedules', label: 'Schedules' },
];

/**
 * Header (with who is signed in, in azure mode), navigation, the urgent-alerts banner and the current screen; a skip link lets keyboard
 * users jump past the nav.
 */
export function Shell() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">Grid Power Stream</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/'}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <SignedIn />
        <LocalRole />
      </header>
      <main id="main" tabIndex={-1}>
        <AlertBanner />
        <Outlet />
      </main>
    </>
  );
}
