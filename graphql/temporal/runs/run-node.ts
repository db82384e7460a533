import type { WorkflowExecutionInfo } from '@temporalio/client';
import {
  GPS_LAYER,
  GPS_ROWS,
  GPS_SOURCE,
  GPS_WINDOW_END,
  GPS_WINDOW_START,
} from '../../../workflows/search-attributes';
import type { ApiContext } from '../../context';
import { workflowUiUrl } from '../client';
import { runStatusOf, type RunStatus } from './run-status';

export interface RunNode {
  workflowId: string;
  runId: string;
  type: string;
  taskQueue: string;
  status: RunStatus;
  startTime: Date;
  executionTime: Date | null;
  closeTime: Date | null;
  durationMs: number | null;
  historyLength: number;
  memo: string | null;
  summary: string | null;
  source: string | null;
  layer: string | null;
  windowStart: Date | null;
  windowEnd: Date | null;
  rows: number | null;
  parentWorkflowId: string | null;
  parentRunId: string | null;
  webUiUrl: string;
}

export function toRunNode(
  ctx: Pick<ApiContext, 'config'>,
  info: Omit<WorkflowExecutionInfo, 'raw'>,
): RunNode {
  const attrs = info.typedSearchAttributes;
  const memo = info.memo && Object.keys(info.memo).length ? info.memo : undefined;
  const summary = memo && typeof memo.summary === 'string' ? memo.summary : null;
  return {
    workflowId: info.workflowId,
    runId: info.runId,
    type: info.type,
    taskQueue: info.taskQueue,
    status: runStatusOf(info.status.name),
    startTime: info.startTime,
    executionTime: info.executionTime ?? null,
    closeTime: info.closeTime ?? null,
    durationMs: info.closeTime ? info.closeTime.getTime() - info.startTime.getTime() : null,
    historyLength: info.historyLength,
    memo: memo ? JSON.stringify(memo) : null,
    summary,
    source: attrs.get(GPS_SOURCE) ?? null,
    layer: attrs.get(GPS_LAYER) ?? null,
    windowStart: attrs.get(GPS_WINDOW_START) ?? null,
    windowEnd: attrs.get(GPS_WINDOW_END) ?? null,
    rows: attrs.get(GPS_ROWS) ?? null,
    parentWorkflowId: info.parentExecution?.workflowId ?? null,
    parentRunId: info.parentExecution?.runId ?? null,
    webUiUrl: workflowUiUrl(ctx, info.workflowId, info.runId),
  };
}
