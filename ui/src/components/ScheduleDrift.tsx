/**
 * How the live schedule differs from temporal.yaml. A live edit survives restarts until the file
 * changes that schedule, so the difference is said plainly rather than left for someone to find.
 */
export function ScheduleDrift({ inSync, drift }: { inSync: boolean; drift: { message: string }[] }) {
  if (inSync) return <span className="badge in-sync">In sync with temporal.yaml</span>;
  return (
    <div className="drift" data-testid="drift">
      <span className="badge drifted">Differs from temporal.yaml</span>
      <ul>
        {drift.map((d) => (
          <li key={d.message}>{d.message}</li>
        ))}
      </ul>
    </div>
  );
}
