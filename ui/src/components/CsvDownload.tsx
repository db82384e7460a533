import { useMutation } from '@tanstack/react-query';
import { downloadRegionalCsv } from '../data/csv-download';
import type { TimeRange } from '../data/range';
import { errorMessage } from '../data/errors';

/** Downloads the API's CSV of what the screen shows; a refusal stays beside the button in words. */
export function CsvDownload({ region, range }: { region: string; range: TimeRange }) {
  const download = useMutation({ mutationFn: () => downloadRegionalCsv(region, range) });
  return (
    <div className="csv-download">
      <button type="button" onClick={() => download.mutate()} disabled={download.isPending}>
        {download.isPending ? 'Preparing the CSV…' : 'Download CSV'}
      </button>
      {download.error && (
        <p className="state-error" role="alert">
          Could not download: {errorMessage(download.error)}
        </p>
      )}
    </div>
  );
}
