/** A run's detail in the console: workflow ids may hold any character, so the id is encoded. */
export const runPath = (workflowId: string, runId?: string | null) =>
  `/runs/${encodeURIComponent(workflowId)}${runId ? `?runId=${encodeURIComponent(runId)}` : ''}`;
