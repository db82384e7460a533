interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/**
 * Every node of a Relay connection, following `endCursor`. Ranges the console asks for fit in one
 * to three pages; the bound stops a server that keeps answering `hasNextPage` from looping forever.
 */
export async function allPages<T>(
  fetchPage: (after: string | undefined) => Promise<Page<T>>,
  maxPages = 20,
): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(after);
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return nodes;
    after = page.pageInfo.endCursor;
  }
  throw new Error(`more than ${maxPages} pages: narrow the range`);
}
