/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AlertKind =
  /** Physical and calendar signs (and the day-ahead price when known) of a negative price. */
  | 'NEGATIVE_PRICE_RISK'
  /** Production well above consumption for an hour, beyond the region's own usual surplus. */
  | 'OVER_PRODUCTION';

export type AlertSeverity =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

export type AlertStatus =
  | 'ACKNOWLEDGED'
  | 'OPEN'
  | 'RESOLVED';

export type ChildWorkflowStatus =
  | 'CANCELED'
  | 'COMPLETED'
  | 'CONTINUED_AS_NEW'
  | 'FAILED'
  | 'INITIATED'
  | 'PAUSED'
  | 'RUNNING'
  | 'START_FAILED'
  | 'TERMINATED'
  | 'TIMED_OUT'
  | 'UNKNOWN';

export type ScheduleOverlapPolicy =
  | 'ALLOW_ALL'
  | 'BUFFER_ALL'
  | 'BUFFER_ONE'
  | 'CANCEL_OTHER'
  | 'SKIP'
  | 'TERMINATE_OTHER';

export type WorkflowActivityStatus =
  | 'CANCELED'
  | 'CANCEL_REQUESTED'
  | 'COMPLETED'
  | 'FAILED'
  | 'PAUSED'
  | 'SCHEDULED'
  | 'STARTED'
  | 'TIMED_OUT';

export type WorkflowRunStatus =
  | 'CANCELED'
  | 'COMPLETED'
  | 'CONTINUED_AS_NEW'
  | 'FAILED'
  | 'PAUSED'
  | 'RUNNING'
  | 'TERMINATED'
  | 'TIMED_OUT'
  /** A status this API does not know (a newer server); cannot be searched for. */
  | 'UNKNOWN';

export type AlertsQueryVariables = Exact<{
  status?: AlertStatus | null | undefined;
  kind?: AlertKind | null | undefined;
  regionCode?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AlertsQuery = { alerts: { nodes: Array<{ id: number, kind: AlertKind, regionCode: string | null, severity: AlertSeverity, status: AlertStatus, episodeStart: string, lastSeenAt: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AlertQueryVariables = Exact<{
  id: number;
}>;


export type AlertQuery = { alert: { id: number, kind: AlertKind, regionCode: string | null, severity: AlertSeverity, status: AlertStatus, episodeStart: string, lastSeenAt: string, episodeEnd: string | null, evidence: string, openedAt: string, acknowledgedAt: string | null, acknowledgedBy: string | null, resolvedAt: string | null, resolvedBy: string | null, transitions: Array<{ id: number, from: AlertStatus | null, to: AlertStatus, at: string, by: string, note: string | null }> } | null };

export type AcknowledgeAlertMutationVariables = Exact<{
  id: number;
  note?: string | null | undefined;
}>;


export type AcknowledgeAlertMutation = { acknowledgeAlert: { id: number, status: AlertStatus } };

export type ResolveAlertMutationVariables = Exact<{
  id: number;
  note?: string | null | undefined;
}>;


export type ResolveAlertMutation = { resolveAlert: { id: number, status: AlertStatus } };

export type OpenAlertsQueryVariables = Exact<{ [key: string]: never; }>;


export type OpenAlertsQuery = { alerts: { nodes: Array<{ id: number, kind: AlertKind, severity: AlertSeverity, regionCode: string | null }>, pageInfo: { hasNextPage: boolean } } };

export type AuditLogQueryVariables = Exact<{
  source?: string | null | undefined;
  status?: string | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditLogQuery = { auditLog: { nodes: Array<{ id: number, workflowId: string, runId: string, workflowType: string, step: string, source: string, status: string, attempt: number, rows: number | null, bytes: number | null, durationMs: number | null, error: string | null, at: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type RegionalDailyEnergyQueryVariables = Exact<{
  region: string;
  from: string;
  to: string;
  after?: string | null | undefined;
}>;


export type RegionalDailyEnergyQuery = { dailyEnergy: { nodes: Array<{ date: string, sourceCode: string, avgMw: number | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type NationalBalanceQueryVariables = Exact<{
  from: string;
  to: string;
  after?: string | null | undefined;
}>;


export type NationalBalanceQuery = { nationalBalance: { nodes: Array<{ timestamp: string, productionMw: number | null, consumptionMw: number | null, netExchangeMw: number | null, carbonIntensity: number | null, renewableSharePct: number | null, lowCarbonSharePct: number | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type NationalProductionQueryVariables = Exact<{
  from: string;
  to: string;
  after?: string | null | undefined;
}>;


export type NationalProductionQuery = { nationalProduction: { nodes: Array<{ timestamp: string, sourceCode: string, sourceLabel: string, mw: number | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type QualityResultsQueryVariables = Exact<{
  dataset?: string | null | undefined;
  outcome?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type QualityResultsQuery = { qualityResults: { nodes: Array<{ id: number, dataset: string, gate: string, description: string, severity: string, outcome: string, observed: number | null, threshold: string, windowStart: string, windowEnd: string, checkedAt: string, workflowId: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type RegionalProductionQueryVariables = Exact<{
  region: string;
  from: string;
  to: string;
  after?: string | null | undefined;
}>;


export type RegionalProductionQuery = { regionalProduction: { nodes: Array<{ timestamp: string, sourceCode: string, sourceLabel: string, mw: number | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type LoadFactorsQueryVariables = Exact<{
  region: string;
  from: string;
  to: string;
}>;


export type LoadFactorsQuery = { loadFactors: { nodes: Array<{ sourceCode: string, sourceLabel: string, capacityMw: number | null, capacityYear: number | null, meanMw: number | null, energyMwh: number | null, energyLoadFactorPct: number | null, meanLoadFactorPct: number | null, quarterHours: number }> } };

export type RegionWeatherQueryVariables = Exact<{
  region: string;
  from: string;
  to: string;
  after?: string | null | undefined;
}>;


export type RegionWeatherQuery = { weather: { nodes: Array<{ hour: string, windSpeedMs: number | null, solarIrradianceWm2: number | null, temperatureC: number | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MaintenanceEventsQueryVariables = Exact<{
  region: string;
  from: string;
  to: string;
  after?: string | null | undefined;
}>;


export type MaintenanceEventsQuery = { maintenanceEvents: { nodes: Array<{ eventId: string, unit: string, type: string, start: string, end: string, unavailableMw: number, description: string | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type RegionsQueryVariables = Exact<{ [key: string]: never; }>;


export type RegionsQuery = { regions: { nodes: Array<{ code: string, name: string, inRegionalFeed: boolean, lastSeenAt: string | null }> } };

export type RegionalBalanceQueryVariables = Exact<{
  region: string;
  from: string;
  to: string;
  after?: string | null | undefined;
}>;


export type RegionalBalanceQuery = { regionalBalance: { nodes: Array<{ timestamp: string, productionMw: number | null, consumptionMw: number | null, netExchangeMw: number | null, carbonIntensity: number | null, renewableSharePct: number | null, lowCarbonSharePct: number | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type WorkflowRunsQueryVariables = Exact<{
  workflowType?: string | null | undefined;
  source?: string | null | undefined;
  status?: WorkflowRunStatus | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type WorkflowRunsQuery = { workflowRuns: { nodes: Array<{ workflowId: string, runId: string, type: string, status: WorkflowRunStatus, source: string | null, startTime: string, closeTime: string | null, durationMs: number | null, rows: number | null, summary: string | null, failureMessage: string | null, webUiUrl: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type RunStatusesOfTypeQueryVariables = Exact<{
  workflowType: string;
  first?: number | null | undefined;
}>;


export type RunStatusesOfTypeQuery = { workflowRuns: { nodes: Array<{ runId: string, status: WorkflowRunStatus }> } };

export type WorkflowRunQueryVariables = Exact<{
  workflowId: string;
  runId?: string | null | undefined;
}>;


export type WorkflowRunQuery = { workflowRun: { workflowId: string, runId: string, type: string, status: WorkflowRunStatus, source: string | null, startTime: string, closeTime: string | null, durationMs: number | null, attempts: number, rows: number | null, summary: string | null, failureMessage: string | null, parentWorkflowId: string | null, parentRunId: string | null, webUiUrl: string, activities: { nodes: Array<{ activityId: string, activityType: string, status: WorkflowActivityStatus, attempts: number, lastFailure: string | null, scheduledAt: string | null, durationMs: number | null }>, pageInfo: { hasNextPage: boolean } }, childWorkflows: { nodes: Array<{ workflowId: string, runId: string | null, type: string, status: ChildWorkflowStatus, failure: string | null, initiatedAt: string | null, closedAt: string | null }>, pageInfo: { hasNextPage: boolean } }, ingestionSteps: { nodes: Array<{ workflowId: string, step: string, status: string, attempts: number, rows: number | null, bytes: number | null, durationMs: number | null, error: string | null, startedAt: string | null, finishedAt: string | null }>, pageInfo: { hasNextPage: boolean } } } };

export type ScheduleFieldsFragment = { id: string, declared: boolean, existsOnServer: boolean, workflowType: string | null, spec: string | null, declaredSpec: string | null, paused: boolean | null, note: string | null, overlapPolicy: ScheduleOverlapPolicy | null, inSync: boolean, webUiUrl: string | null, drift: { nodes: Array<{ field: string, declared: string | null, live: string | null, message: string }> } };

export type SchedulesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SchedulesQuery = { schedules: { nodes: Array<{ id: string, declared: boolean, existsOnServer: boolean, workflowType: string | null, spec: string | null, declaredSpec: string | null, paused: boolean | null, note: string | null, overlapPolicy: ScheduleOverlapPolicy | null, inSync: boolean, webUiUrl: string | null, nextActionTimes: { nodes: Array<string> }, recentActions: { nodes: Array<{ scheduledAt: string, takenAt: string, workflowId: string, runId: string, webUiUrl: string }> }, drift: { nodes: Array<{ field: string, declared: string | null, live: string | null, message: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ScheduleQueryVariables = Exact<{
  id: string;
}>;


export type ScheduleQuery = { schedule: { taskQueue: string | null, catchupWindow: string | null, actionsTaken: number | null, actionsSkippedOverlap: number | null, actionsMissedCatchupWindow: number | null, lastUpdatedAt: string | null, id: string, declared: boolean, existsOnServer: boolean, workflowType: string | null, spec: string | null, declaredSpec: string | null, paused: boolean | null, note: string | null, overlapPolicy: ScheduleOverlapPolicy | null, inSync: boolean, webUiUrl: string | null, nextActionTimes: { nodes: Array<string> }, recentActions: { nodes: Array<{ scheduledAt: string, takenAt: string, workflowId: string, runId: string, webUiUrl: string }> }, drift: { nodes: Array<{ field: string, declared: string | null, live: string | null, message: string }> } } | null };

export type ScheduleChangesQueryVariables = Exact<{
  scheduleId?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ScheduleChangesQuery = { scheduleChanges: { nodes: Array<{ id: number, scheduleId: string, operation: string, subject: string, subjectName: string | null, at: string, before: string, after: string, details: string | null, auditWebUiUrl: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ScheduleChangeOutcomeFragment = { id: number, operation: string, details: string | null };

export type UpdateScheduleSpecMutationVariables = Exact<{
  id: string;
  every?: string | null | undefined;
  cron?: string | null | undefined;
  note?: string | null | undefined;
}>;


export type UpdateScheduleSpecMutation = { updateScheduleSpec: { change: { id: number, operation: string, details: string | null } } };

export type PauseScheduleMutationVariables = Exact<{
  id: string;
  note?: string | null | undefined;
}>;


export type PauseScheduleMutation = { pauseSchedule: { change: { id: number, operation: string, details: string | null } } };

export type UnpauseScheduleMutationVariables = Exact<{
  id: string;
  note?: string | null | undefined;
}>;


export type UnpauseScheduleMutation = { unpauseSchedule: { change: { id: number, operation: string, details: string | null } } };

export type TriggerScheduleMutationVariables = Exact<{
  id: string;
}>;


export type TriggerScheduleMutation = { triggerSchedule: { change: { id: number, operation: string, details: string | null } } };

export type BackfillScheduleMutationVariables = Exact<{
  id: string;
  from: string;
  to: string;
  overlap?: ScheduleOverlapPolicy | null | undefined;
}>;


export type BackfillScheduleMutation = { backfillSchedule: { change: { id: number, operation: string, details: string | null } } };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { me: { subject: string, roles: Array<string> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ScheduleFieldsFragmentDoc = new TypedDocumentString(`
    fragment ScheduleFields on Schedule {
  id
  declared
  existsOnServer
  workflowType
  spec
  declaredSpec
  paused
  note
  overlapPolicy
  inSync
  webUiUrl
  drift {
    nodes {
      field
      declared
      live
      message
    }
  }
}
    `, {"fragmentName":"ScheduleFields"}) as unknown as TypedDocumentString<ScheduleFieldsFragment, unknown>;
export const ScheduleChangeOutcomeFragmentDoc = new TypedDocumentString(`
    fragment ScheduleChangeOutcome on ScheduleChange {
  id
  operation
  details
}
    `, {"fragmentName":"ScheduleChangeOutcome"}) as unknown as TypedDocumentString<ScheduleChangeOutcomeFragment, unknown>;
export const AlertsDocument = new TypedDocumentString(`
    query Alerts($status: AlertStatus, $kind: AlertKind, $regionCode: String, $first: Int, $after: String) {
  alerts(
    status: $status
    kind: $kind
    regionCode: $regionCode
    first: $first
    after: $after
  ) {
    nodes {
      id
      kind
      regionCode
      severity
      status
      episodeStart
      lastSeenAt
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<AlertsQuery, AlertsQueryVariables>;
export const AlertDocument = new TypedDocumentString(`
    query Alert($id: Int!) {
  alert(id: $id) {
    id
    kind
    regionCode
    severity
    status
    episodeStart
    lastSeenAt
    episodeEnd
    evidence
    openedAt
    acknowledgedAt
    acknowledgedBy
    resolvedAt
    resolvedBy
    transitions {
      id
      from
      to
      at
      by
      note
    }
  }
}
    `) as unknown as TypedDocumentString<AlertQuery, AlertQueryVariables>;
export const AcknowledgeAlertDocument = new TypedDocumentString(`
    mutation AcknowledgeAlert($id: Int!, $note: String) {
  acknowledgeAlert(id: $id, note: $note) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<AcknowledgeAlertMutation, AcknowledgeAlertMutationVariables>;
export const ResolveAlertDocument = new TypedDocumentString(`
    mutation ResolveAlert($id: Int!, $note: String) {
  resolveAlert(id: $id, note: $note) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ResolveAlertMutation, ResolveAlertMutationVariables>;
export const OpenAlertsDocument = new TypedDocumentString(`
    query OpenAlerts {
  alerts(status: OPEN, first: 100) {
    nodes {
      id
      kind
      severity
      regionCode
    }
    pageInfo {
      hasNextPage
    }
  }
}
    `) as unknown as TypedDocumentString<OpenAlertsQuery, OpenAlertsQueryVariables>;
export const AuditLogDocument = new TypedDocumentString(`
    query AuditLog($source: String, $status: String, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
  auditLog(
    source: $source
    status: $status
    from: $from
    to: $to
    first: $first
    after: $after
  ) {
    nodes {
      id
      workflowId
      runId
      workflowType
      step
      source
      status
      attempt
      rows
      bytes
      durationMs
      error
      at
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<AuditLogQuery, AuditLogQueryVariables>;
export const RegionalDailyEnergyDocument = new TypedDocumentString(`
    query RegionalDailyEnergy($region: String!, $from: String!, $to: String!, $after: String) {
  dailyEnergy(
    regionCode: $region
    from: $from
    to: $to
    after: $after
    first: 5000
  ) {
    nodes {
      date
      sourceCode
      avgMw
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<RegionalDailyEnergyQuery, RegionalDailyEnergyQueryVariables>;
export const NationalBalanceDocument = new TypedDocumentString(`
    query NationalBalance($from: DateTime!, $to: DateTime!, $after: String) {
  nationalBalance(from: $from, to: $to, after: $after, first: 3000) {
    nodes {
      timestamp
      productionMw
      consumptionMw
      netExchangeMw
      carbonIntensity
      renewableSharePct
      lowCarbonSharePct
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<NationalBalanceQuery, NationalBalanceQueryVariables>;
export const NationalProductionDocument = new TypedDocumentString(`
    query NationalProduction($from: DateTime!, $to: DateTime!, $after: String) {
  nationalProduction(from: $from, to: $to, after: $after, first: 20000) {
    nodes {
      timestamp
      sourceCode
      sourceLabel
      mw
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<NationalProductionQuery, NationalProductionQueryVariables>;
export const QualityResultsDocument = new TypedDocumentString(`
    query QualityResults($dataset: String, $outcome: String, $first: Int, $after: String) {
  qualityResults(
    dataset: $dataset
    outcome: $outcome
    first: $first
    after: $after
  ) {
    nodes {
      id
      dataset
      gate
      description
      severity
      outcome
      observed
      threshold
      windowStart
      windowEnd
      checkedAt
      workflowId
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<QualityResultsQuery, QualityResultsQueryVariables>;
export const RegionalProductionDocument = new TypedDocumentString(`
    query RegionalProduction($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {
  regionalProduction(
    regionCode: $region
    from: $from
    to: $to
    after: $after
    first: 20000
  ) {
    nodes {
      timestamp
      sourceCode
      sourceLabel
      mw
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<RegionalProductionQuery, RegionalProductionQueryVariables>;
export const LoadFactorsDocument = new TypedDocumentString(`
    query LoadFactors($region: String!, $from: DateTime!, $to: DateTime!) {
  loadFactors(regionCode: $region, from: $from, to: $to, first: 50) {
    nodes {
      sourceCode
      sourceLabel
      capacityMw
      capacityYear
      meanMw
      energyMwh
      energyLoadFactorPct
      meanLoadFactorPct
      quarterHours
    }
  }
}
    `) as unknown as TypedDocumentString<LoadFactorsQuery, LoadFactorsQueryVariables>;
export const RegionWeatherDocument = new TypedDocumentString(`
    query RegionWeather($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {
  weather(regionCode: $region, from: $from, to: $to, after: $after, first: 3000) {
    nodes {
      hour
      windSpeedMs
      solarIrradianceWm2
      temperatureC
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<RegionWeatherQuery, RegionWeatherQueryVariables>;
export const MaintenanceEventsDocument = new TypedDocumentString(`
    query MaintenanceEvents($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {
  maintenanceEvents(
    regionCode: $region
    from: $from
    to: $to
    after: $after
    first: 500
  ) {
    nodes {
      eventId
      unit
      type
      start
      end
      unavailableMw
      description
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<MaintenanceEventsQuery, MaintenanceEventsQueryVariables>;
export const RegionsDocument = new TypedDocumentString(`
    query Regions {
  regions {
    nodes {
      code
      name
      inRegionalFeed
      lastSeenAt
    }
  }
}
    `) as unknown as TypedDocumentString<RegionsQuery, RegionsQueryVariables>;
export const RegionalBalanceDocument = new TypedDocumentString(`
    query RegionalBalance($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {
  regionalBalance(
    regionCode: $region
    from: $from
    to: $to
    after: $after
    first: 3000
  ) {
    nodes {
      timestamp
      productionMw
      consumptionMw
      netExchangeMw
      carbonIntensity
      renewableSharePct
      lowCarbonSharePct
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<RegionalBalanceQuery, RegionalBalanceQueryVariables>;
export const WorkflowRunsDocument = new TypedDocumentString(`
    query WorkflowRuns($workflowType: String, $source: String, $status: WorkflowRunStatus, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
  workflowRuns(
    workflowType: $workflowType
    source: $source
    status: $status
    from: $from
    to: $to
    first: $first
    after: $after
  ) {
    nodes {
      workflowId
      runId
      type
      status
      source
      startTime
      closeTime
      durationMs
      rows
      summary
      failureMessage
      webUiUrl
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<WorkflowRunsQuery, WorkflowRunsQueryVariables>;
export const RunStatusesOfTypeDocument = new TypedDocumentString(`
    query RunStatusesOfType($workflowType: String!, $first: Int) {
  workflowRuns(workflowType: $workflowType, first: $first) {
    nodes {
      runId
      status
    }
  }
}
    `) as unknown as TypedDocumentString<RunStatusesOfTypeQuery, RunStatusesOfTypeQueryVariables>;
export const WorkflowRunDocument = new TypedDocumentString(`
    query WorkflowRun($workflowId: String!, $runId: String) {
  workflowRun(workflowId: $workflowId, runId: $runId) {
    workflowId
    runId
    type
    status
    source
    startTime
    closeTime
    durationMs
    attempts
    rows
    summary
    failureMessage
    parentWorkflowId
    parentRunId
    webUiUrl
    activities(first: 500) {
      nodes {
        activityId
        activityType
        status
        attempts
        lastFailure
        scheduledAt
        durationMs
      }
      pageInfo {
        hasNextPage
      }
    }
    childWorkflows(first: 100) {
      nodes {
        workflowId
        runId
        type
        status
        failure
        initiatedAt
        closedAt
      }
      pageInfo {
        hasNextPage
      }
    }
    ingestionSteps(first: 100) {
      nodes {
        workflowId
        step
        status
        attempts
        rows
        bytes
        durationMs
        error
        startedAt
        finishedAt
      }
      pageInfo {
        hasNextPage
      }
    }
  }
}
    `) as unknown as TypedDocumentString<WorkflowRunQuery, WorkflowRunQueryVariables>;
export const SchedulesDocument = new TypedDocumentString(`
    query Schedules($first: Int, $after: String) {
  schedules(first: $first, after: $after) {
    nodes {
      ...ScheduleFields
      nextActionTimes(first: 3) {
        nodes
      }
      recentActions(first: 3) {
        nodes {
          scheduledAt
          takenAt
          workflowId
          runId
          webUiUrl
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment ScheduleFields on Schedule {
  id
  declared
  existsOnServer
  workflowType
  spec
  declaredSpec
  paused
  note
  overlapPolicy
  inSync
  webUiUrl
  drift {
    nodes {
      field
      declared
      live
      message
    }
  }
}`) as unknown as TypedDocumentString<SchedulesQuery, SchedulesQueryVariables>;
export const ScheduleDocument = new TypedDocumentString(`
    query Schedule($id: String!) {
  schedule(id: $id) {
    ...ScheduleFields
    taskQueue
    catchupWindow
    actionsTaken
    actionsSkippedOverlap
    actionsMissedCatchupWindow
    lastUpdatedAt
    nextActionTimes(first: 5) {
      nodes
    }
    recentActions(first: 10) {
      nodes {
        scheduledAt
        takenAt
        workflowId
        runId
        webUiUrl
      }
    }
  }
}
    fragment ScheduleFields on Schedule {
  id
  declared
  existsOnServer
  workflowType
  spec
  declaredSpec
  paused
  note
  overlapPolicy
  inSync
  webUiUrl
  drift {
    nodes {
      field
      declared
      live
      message
    }
  }
}`) as unknown as TypedDocumentString<ScheduleQuery, ScheduleQueryVariables>;
export const ScheduleChangesDocument = new TypedDocumentString(`
    query ScheduleChanges($scheduleId: String, $first: Int, $after: String) {
  scheduleChanges(scheduleId: $scheduleId, first: $first, after: $after) {
    nodes {
      id
      scheduleId
      operation
      subject
      subjectName
      at
      before
      after
      details
      auditWebUiUrl
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<ScheduleChangesQuery, ScheduleChangesQueryVariables>;
export const UpdateScheduleSpecDocument = new TypedDocumentString(`
    mutation UpdateScheduleSpec($id: String!, $every: String, $cron: String, $note: String) {
  updateScheduleSpec(id: $id, every: $every, cron: $cron, note: $note) {
    change {
      ...ScheduleChangeOutcome
    }
  }
}
    fragment ScheduleChangeOutcome on ScheduleChange {
  id
  operation
  details
}`) as unknown as TypedDocumentString<UpdateScheduleSpecMutation, UpdateScheduleSpecMutationVariables>;
export const PauseScheduleDocument = new TypedDocumentString(`
    mutation PauseSchedule($id: String!, $note: String) {
  pauseSchedule(id: $id, note: $note) {
    change {
      ...ScheduleChangeOutcome
    }
  }
}
    fragment ScheduleChangeOutcome on ScheduleChange {
  id
  operation
  details
}`) as unknown as TypedDocumentString<PauseScheduleMutation, PauseScheduleMutationVariables>;
export const UnpauseScheduleDocument = new TypedDocumentString(`
    mutation UnpauseSchedule($id: String!, $note: String) {
  unpauseSchedule(id: $id, note: $note) {
    change {
      ...ScheduleChangeOutcome
    }
  }
}
    fragment ScheduleChangeOutcome on ScheduleChange {
  id
  operation
  details
}`) as unknown as TypedDocumentString<UnpauseScheduleMutation, UnpauseScheduleMutationVariables>;
export const TriggerScheduleDocument = new TypedDocumentString(`
    mutation TriggerSchedule($id: String!) {
  triggerSchedule(id: $id) {
    change {
      ...ScheduleChangeOutcome
    }
  }
}
    fragment ScheduleChangeOutcome on ScheduleChange {
  id
  operation
  details
}`) as unknown as TypedDocumentString<TriggerScheduleMutation, TriggerScheduleMutationVariables>;
export const BackfillScheduleDocument = new TypedDocumentString(`
    mutation BackfillSchedule($id: String!, $from: DateTime!, $to: DateTime!, $overlap: ScheduleOverlapPolicy) {
  backfillSchedule(id: $id, from: $from, to: $to, overlap: $overlap) {
    change {
      ...ScheduleChangeOutcome
    }
  }
}
    fragment ScheduleChangeOutcome on ScheduleChange {
  id
  operation
  details
}`) as unknown as TypedDocumentString<BackfillScheduleMutation, BackfillScheduleMutationVariables>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  me {
    subject
    roles
  }
}
    `) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;