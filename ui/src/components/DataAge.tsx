import { formatAge, formatParisDateTime } from '../format/time';
import { useNow } from '../format/use-now';

/** "Updated 40 s ago · latest quarter-hour 20 févr. 2025, 13:30": refresh age and data age apart. */
export function DataAge({ updatedAt, publishedAt }: { updatedAt: number; publishedAt?: string }) {
  const now = useNow();
  if (!updatedAt) return null;
  return (
    <p className="data-age">
      Updated {formatAge(now - updatedAt)}
      {publishedAt && <> · latest quarter-hour {formatParisDateTime(publishedAt)}</>}
    </p>
  );
}
