import { createBrowserRouter } from 'react-router';
import { NotFound } from './placeholders';
import { Shell } from './Shell';

// The API answers index.html for the same paths (graphql/console-routes.ts, CONSOLE_ROUTES).
export const router = createBrowserRouter([
  {
    path: '/',
    element: <Shell />,
    children: [
      // Each screen is its own chunk: ECharts loads with the first chart, not before the shell.
      { index: true, lazy: async () => ({ Component: (await import('./Overview')).Overview }) },
      { path: 'map', lazy: async () => ({ Component: (await import('./MapPage')).MapPage }) },
      { path: 'regions/:code', lazy: async () => ({ Component: (await import('./RegionPage')).RegionPage }) },
      { path: 'alerts', lazy: async () => ({ Component: (await import('./AlertsPage')).AlertsPage }) },
      { path: 'alerts/:id', lazy: async () => ({ Component: (await import('./AlertDetail')).AlertDetail }) },
      { path: 'runs', lazy: async () => ({ Component: (await import('./RunsPage')).RunsPage }) },
      // A static segment outranks the parameter: a workflow id "audit" would be unreachable, none is.
      {
        path: 'runs/audit',
        lazy: async () => ({ Component: (await import('./AuditLogPage')).AuditLogPage }),
      },
      {
        path: 'runs/:workflowId',
        lazy: async () => ({ Component: (await import('./RunDetail')).RunDetail }),
      },
      { path: 'quality', lazy: async () => ({ Component: (await import('./QualityPage')).QualityPage }) },
      {
        path: 'schedules',
        lazy: async () => ({ Component: (await import('./SchedulesPage')).SchedulesPage }),
      },
      {
        path: 'schedules/:id',
        lazy: async () => ({ Component: (await import('./ScheduleDetail')).ScheduleDetail }),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
