import type { MaintenanceEvent } from '../data/region';
import { formatMw } from '../format/numbers';
import { formatParisDateTime } from '../format/time';
import { TableScroll } from './TableScroll';

/** The unavailabilities shaded on the production chart, in words: the chart alone names no unit. */
export function MaintenanceList({ events }: { events: MaintenanceEvent[] }) {
  return (
    <TableScroll label="Maintenance events">
      <table className="maintenance">
        <caption>Unavailabilities overlapping the range, by start</caption>
        <thead>
          <tr>
            <th scope="col">Unit</th>
            <th scope="col">Type</th>
            <th scope="col">Start</th>
            <th scope="col">End</th>
            <th scope="col" className="num">
              Unavailable
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.eventId}>
              <td>
                {e.unit}
                {e.description && <div className="run-id">{e.description}</div>}
              </td>
              <td>{e.type}</td>
              <td>{formatParisDateTime(e.start)}</td>
              <td>{formatParisDateTime(e.end)}</td>
              <td className="num">{formatMw(e.unavailableMw)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
