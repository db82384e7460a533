import type { AlertKind } from '../../lib/domain/alert-notification';
import type { AlertStatus } from '../../lib/domain/alert-status-change';
import { pageOf, toConnection, type PageArgs } from '../connection';
import type { ApiContext } from '../context';
import { alertTransitions, getAlert, listAlerts, type AlertView } from '../gold-queries-alerts';
import { changeAlertStatus } from '../temporal/alert-status-change';

/** GraphQL enums are upper case; the tables keep the lower-case words the workers write. */
type UpperStatus = Uppercase<AlertStatus>;
const upper = <T extends string>(v: T) => v.toUpperCase() as Uppercase<T>;
const upperOrNull = <T extends string>(v: T | null) => (v === null ? null : upper(v));
const lower = <T extends string>(v: Uppercase<T> | null | undefined) =>
  v ? (v.toLowerCase() as T) : undefined;

const toGraphql = (a: AlertView) => ({ ...a, status: upper(a.status), severity: upper(a.severity) });

type AlertsArgs = PageArgs & {
  status?: UpperStatus | null;
  kind?: AlertKind | null;
  regionCode?: string | null;
  from?: Date | null;
  to?: Date | null;
};
type ActionArgs = { id: number; note?: string | null };

export const alertsResolvers = {
  Query: {
    alerts: async (_: unknown, args: AlertsArgs, ctx: ApiContext) => {
      const page = pageOf(args, { default: 20, max: 100 }, 1);
      const rows = await listAlerts(
        ctx.db,
        {
          status: lower<AlertStatus>(args.status),
          kind: args.kind ?? undefined,
          // An empty string is the argument left out, as elsewhere in this API.
          regionCode: args.regionCode || undefined,
          from: args.from ?? undefined,
          to: args.to ?? undefined,
        },
        page,
      );
      return toConnection(rows.map(toGraphql), page, (r) => [r.id]);
    },
    alert: async (_: unknown, args: { id: number }, ctx: ApiContext) => {
      const alert = await getAlert(ctx.db, args.id);
      return alert ? toGraphql(alert) : null;
    },
  },
  Mutation: {
    acknowledgeAlert: async (_: unknown, args: ActionArgs, ctx: ApiContext) =>
      toGraphql(await changeAlertStatus(ctx, 'acknowledge', args)),
    resolveAlert: async (_: unknown, args: ActionArgs, ctx: ApiContext) =>
      toGraphql(await changeAlertStatus(ctx, 'resolve', args)),
  },
  Alert: {
    transitions: async (alert: AlertView, _: unknown, ctx: ApiContext) =>
      (await alertTransitions(ctx.db, alert.id)).map((t) => ({
        ...t,
        from: upperOrNull(t.from),
        to: upper(t.to),
      })),
  },
};
