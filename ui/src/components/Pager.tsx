import { useState } from 'react';

/**
 * Relay cursors one page at a time: the cursors of the pages already seen make "Newer" possible
 * without asking the API to page backwards. Key the owner by its filters to start again at page 1.
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    after: cursors.at(-1),
    page: cursors.length,
    newer: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    older: (endCursor: string) => setCursors((c) => [...c, endCursor]),
  };
}

export function Pager({
  label,
  pages,
  pageInfo,
}: {
  label: string;
  pages: ReturnType<typeof useCursorPages>;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}) {
  const { endCursor } = pageInfo;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={pages.page < 2} onClick={pages.newer}>
        Newer
      </button>
      <button
        type="button"
        disabled={!pageInfo.hasNextPage || !endCursor}
        onClick={() => endCursor && pages.older(endCursor)}
      >
        Older
      </button>
    </nav>
  );
}
