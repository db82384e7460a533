import type { ScheduleDescription, ScheduleOverlapPolicy } from '@temporalio/client';
import type { ApiContext } from '../../context';
import { scheduleUiUrl, workflowUiUrl } from '../client';
import { driftOf, type DriftItem } from './drift';
import { formatDuration } from './duration-text';
import { declaredSpecText, liveSpecText } from './spec-text';

export type OverlapPolicy = Exclude<ScheduleOverlapPolicy, undefined>;

export interface ScheduleActionView {
  scheduledAt: Date;
  takenAt: Date;
  workflowId: string;
  runId: string;
  webUiUrl: string;
}

export interface ScheduleView {
  id: string;
  declared: boolean;
  existsOnServer: boolean;
  workflowType: string | null;
  taskQueue: string | null;
  spec: string | null;
  declaredSpec: string | null;
  paused: boolean | null;
  note: string | null;
  overlapPolicy: OverlapPolicy | null;
  catchupWindow: string | null;
  nextActionTimes: Date[];
  recentActions: ScheduleActionView[];
  actionsTaken: number | null;
  actionsSkippedOverlap: number | null;
  actionsMissedCatchupWindow: number | null;
  createdAt: Date | null;
  lastUpdatedAt: Date | null;
  drift: DriftItem[];
  webUiUrl: string | null;
}

export function toScheduleView(
  ctx: Pick<ApiContext, 'config'>,
  id: string,
  description: ScheduleDescription | undefined,
): ScheduleView {
  const declarations = ctx.config.temporal.declarations;
  const decl = declarations.schedules.find((s) => s.id === id);
  const recentActions = (description?.info.recentActions ?? [])
    .map((r) => ({
      scheduledAt: r.scheduledAt,
      takenAt: r.takenAt,
      workflowId: r.action.workflow.workflowId,
      runId: r.action.workflow.firstExecutionRunId,
      webUiUrl: workflowUiUrl(ctx, r.action.workflow.workflowId, r.action.workflow.firstExecutionRunId),
    }))
    .reverse(); // newest first
  return {
    id,
    declared: decl !== undefined,
    existsOnServer: description !== undefined,
    workflowType: description?.action.workflowType ?? decl?.workflow ?? null,
    taskQueue: description?.action.taskQueue ?? decl?.taskQueue ?? null,
    spec: description ? liveSpecText(description, decl, declarations) : null,
    declaredSpec: decl ? declaredSpecText(decl) : null,
    paused: description?.state.paused ?? null,
    note: description?.state.note ?? null,
    overlapPolicy: (description?.policies.overlap as OverlapPolicy | undefined) ?? null,
    catchupWindow: description ? formatDuration(description.policies.catchupWindow) : null,
    nextActionTimes: description?.info.nextActionTimes ?? [],
    recentActions,
    actionsTaken: description?.info.numActionsTaken ?? null,
    actionsSkippedOverlap: description?.info.numActionsSkippedOverlap ?? null,
    actionsMissedCatchupWindow: description?.info.numActionsMissedCatchupWindow ?? null,
    createdAt: description?.info.createdAt ?? null,
    lastUpdatedAt: description?.info.lastUpdatedAt ?? null,
    drift: driftOf(decl, description, declarations),
    webUiUrl: description ? scheduleUiUrl(ctx, id) : null,
  };
}
