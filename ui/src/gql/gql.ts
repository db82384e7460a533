/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Alerts($status: AlertStatus, $kind: AlertKind, $regionCode: String, $first: Int, $after: String) {\n    alerts(status: $status, kind: $kind, regionCode: $regionCode, first: $first, after: $after) {\n      nodes {\n        id\n        kind\n        regionCode\n        severity\n        status\n        episodeStart\n        lastSeenAt\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.AlertsDocument,
    "\n  query Alert($id: Int!) {\n    alert(id: $id) {\n      id\n      kind\n      regionCode\n      severity\n      status\n      episodeStart\n      lastSeenAt\n      episodeEnd\n      evidence\n      openedAt\n      acknowledgedAt\n      acknowledgedBy\n      resolvedAt\n      resolvedBy\n      transitions {\n        id\n        from\n        to\n        at\n        by\n        note\n      }\n    }\n  }\n": typeof types.AlertDocument,
    "\n  mutation AcknowledgeAlert($id: Int!, $note: String) {\n    acknowledgeAlert(id: $id, note: $note) {\n      id\n      status\n    }\n  }\n": typeof types.AcknowledgeAlertDocument,
    "\n  mutation ResolveAlert($id: Int!, $note: String) {\n    resolveAlert(id: $id, note: $note) {\n      id\n      status\n    }\n  }\n": typeof types.ResolveAlertDocument,
    "\n  query OpenAlerts {\n    alerts(status: OPEN, first: 100) {\n      nodes {\n        id\n        kind\n        severity\n        regionCode\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n": typeof types.OpenAlertsDocument,
    "\n  query RegionalDailyEnergy($region: String!, $from: String!, $to: String!, $after: String) {\n    dailyEnergy(regionCode: $region, from: $from, to: $to, after: $after, first: 5000) {\n      nodes {\n        date\n        sourceCode\n        avgMw\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.RegionalDailyEnergyDocument,
    "\n  query NationalBalance($from: DateTime!, $to: DateTime!, $after: String) {\n    nationalBalance(from: $from, to: $to, after: $after, first: 3000) {\n      nodes {\n        timestamp\n        productionMw\n        consumptionMw\n        netExchangeMw\n        carbonIntensity\n        renewableSharePct\n        lowCarbonSharePct\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.NationalBalanceDocument,
    "\n  query NationalProduction($from: DateTime!, $to: DateTime!, $after: String) {\n    nationalProduction(from: $from, to: $to, after: $after, first: 20000) {\n      nodes {\n        timestamp\n        sourceCode\n        sourceLabel\n        mw\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.NationalProductionDocument,
    "\n  query QualityResults($dataset: String, $outcome: String, $first: Int, $after: String) {\n    qualityResults(dataset: $dataset, outcome: $outcome, first: $first, after: $after) {\n      nodes {\n        id\n        dataset\n        gate\n        description\n        severity\n        outcome\n        observed\n        threshold\n        windowStart\n        windowEnd\n        checkedAt\n        workflowId\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.QualityResultsDocument,
    "\n  query RegionalProduction($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {\n    regionalProduction(regionCode: $region, from: $from, to: $to, after: $after, first: 20000) {\n      nodes {\n        timestamp\n        sourceCode\n        sourceLabel\n        mw\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.RegionalProductionDocument,
    "\n  query LoadFactors($region: String!, $from: DateTime!, $to: DateTime!) {\n    loadFactors(regionCode: $region, from: $from, to: $to, first: 50) {\n      nodes {\n        sourceCode\n        sourceLabel\n        capacityMw\n        capacityYear\n        meanMw\n        energyMwh\n        energyLoadFactorPct\n        meanLoadFactorPct\n        quarterHours\n      }\n    }\n  }\n": typeof types.LoadFactorsDocument,
    "\n  query RegionWeather($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {\n    weather(regionCode: $region, from: $from, to: $to, after: $after, first: 3000) {\n      nodes {\n        hour\n        windSpeedMs\n        solarIrradianceWm2\n        temperatureC\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.RegionWeatherDocument,
    "\n  query MaintenanceEvents($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {\n    maintenanceEvents(regionCode: $region, from: $from, to: $to, after: $after, first: 500) {\n      nodes {\n        eventId\n        unit\n        type\n        start\n        end\n        unavailableMw\n        description\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.MaintenanceEventsDocument,
    "\n  query Regions {\n    regions {\n      nodes {\n        code\n        name\n        inRegionalFeed\n        lastSeenAt\n      }\n    }\n  }\n": typeof types.RegionsDocument,
    "\n  query RegionalBalance($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {\n    regionalBalance(regionCode: $region, from: $from, to: $to, after: $after, first: 3000) {\n      nodes {\n        timestamp\n        productionMw\n        consumptionMw\n        netExchangeMw\n        carbonIntensity\n        renewableSharePct\n        lowCarbonSharePct\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.RegionalBalanceDocument,
    "\n  query WorkflowRuns($source: String, $status: WorkflowRunStatus, $first: Int, $after: String) {\n    workflowRuns(source: $source, status: $status, first: $first, after: $after) {\n      nodes {\n        workflowId\n        runId\n        type\n        status\n        source\n        startTime\n        closeTime\n        durationMs\n        rows\n        summary\n        failureMessage\n        webUiUrl\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.WorkflowRunsDocument,
    "\n  query RunStatusesOfType($workflowType: String!, $first: Int) {\n    workflowRuns(workflowType: $workflowType, first: $first) {\n      nodes {\n        runId\n        status\n      }\n    }\n  }\n": typeof types.RunStatusesOfTypeDocument,
    "\n  fragment ScheduleFields on Schedule {\n    id\n    declared\n    existsOnServer\n    workflowType\n    spec\n    declaredSpec\n    paused\n    note\n    overlapPolicy\n    inSync\n    webUiUrl\n    drift {\n      nodes {\n        field\n        declared\n        live\n        message\n      }\n    }\n  }\n": typeof types.ScheduleFieldsFragmentDoc,
    "\n  query Schedules($first: Int, $after: String) {\n    schedules(first: $first, after: $after) {\n      nodes {\n        ...ScheduleFields\n        nextActionTimes(first: 3) {\n          nodes\n        }\n        recentActions(first: 3) {\n          nodes {\n            scheduledAt\n            takenAt\n            workflowId\n            runId\n            webUiUrl\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SchedulesDocument,
    "\n  query Schedule($id: String!) {\n    schedule(id: $id) {\n      ...ScheduleFields\n      taskQueue\n      catchupWindow\n      actionsTaken\n      actionsSkippedOverlap\n      actionsMissedCatchupWindow\n      lastUpdatedAt\n      nextActionTimes(first: 5) {\n        nodes\n      }\n      recentActions(first: 10) {\n        nodes {\n          scheduledAt\n          takenAt\n          workflowId\n          runId\n          webUiUrl\n        }\n      }\n    }\n  }\n": typeof types.ScheduleDocument,
    "\n  query ScheduleChanges($scheduleId: String, $first: Int, $after: String) {\n    scheduleChanges(scheduleId: $scheduleId, first: $first, after: $after) {\n      nodes {\n        id\n        scheduleId\n        operation\n        subject\n        subjectName\n        at\n        before\n        after\n        details\n        auditWebUiUrl\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ScheduleChangesDocument,
    "\n  fragment ScheduleChangeOutcome on ScheduleChange {\n    id\n    operation\n    details\n  }\n": typeof types.ScheduleChangeOutcomeFragmentDoc,
    "\n  mutation UpdateScheduleSpec($id: String!, $every: String, $cron: String, $note: String) {\n    updateScheduleSpec(id: $id, every: $every, cron: $cron, note: $note) {\n      change {\n        ...ScheduleChangeOutcome\n      }\n    }\n  }\n": typeof types.UpdateScheduleSpecDocument,
    "\n  mutation PauseSchedule($id: String!, $note: String) {\n    pauseSchedule(id: $id, note: $note) {\n      change {\n        ...ScheduleChangeOutcome\n      }\n    }\n  }\n": typeof types.PauseScheduleDocument,
    "\n  mutation UnpauseSchedule($id: String!, $note: String) {\n    unpauseSchedule(id: $id, note: $note) {\n      change {\n        ...ScheduleChangeOutcome\n      }\n    }\n  }\n": typeof types.UnpauseScheduleDocument,
    "\n  mutation TriggerSchedule($id: String!) {\n    triggerSchedule(id: $id) {\n      change {\n        ...ScheduleChangeOutcome\n      }\n    }\n  }\n": typeof types.TriggerScheduleDocument,
    "\n  mutation BackfillSchedule($id: String!, $from: DateTime!, $to: DateTime!, $overlap: ScheduleOverlapPolicy) {\n    backfillSchedule(id: $id, from: $from, to: $to, overlap: $overlap) {\n      change {\n        ...ScheduleChangeOutcome\n      }\n    }\n  }\n": typeof types.BackfillScheduleDocument,
    "\n  query Viewer {\n    me {\n      subject\n      roles\n    }\n  }\n": typeof types.ViewerDocument,
};
const documents: Documents = {
    "\n  query Alerts($status: AlertStatus, $kind: AlertKind, $regionCode: String, $first: Int, $after: String) {\n    alerts(status: $status, kind: $kind, regionCode: $regionCode, first: $first, after: $after) {\n      nodes {\n        id\n        kind\n        regionCode\n        severity\n        status\n        episodeStart\n        lastSeenAt\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.AlertsDocument,
    "\n  query Alert($id: Int!) {\n    alert(id: $id) {\n      id\n      kind\n      regionCode\n      severity\n      status\n      episodeStart\n      lastSeenAt\n      episodeEnd\n      evidence\n      openedAt\n      acknowledgedAt\n      acknowledgedBy\n      resolvedAt\n      resolvedBy\n      transitions {\n        id\n        from\n        to\n        at\n        by\n        note\n      }\n    }\n  }\n": types.AlertDocument,
    "\n  mutation AcknowledgeAlert($id: Int!, $note: String) {\n    acknowledgeAlert(id: $id, note: $note) {\n      id\n      status\n    }\n  }\n": types.AcknowledgeAlertDocument,
    "\n  mutation ResolveAlert($id: Int!, $note: String) {\n    resolveAlert(id: $id, note: $note) {\n      id\n      status\n    }\n  }\n": types.ResolveAlertDocument,
    "\n  query OpenAlerts {\n    alerts(status: OPEN, first: 100) {\n      nodes {\n        id\n        kind\n        severity\n        regionCode\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n": types.OpenAlertsDocument,
    "\n  query RegionalDailyEnergy($region: String!, $from: String!, $to: String!, $after: String) {\n    dailyEnergy(regionCode: $region, from: $from, to: $to, after: $after, first: 5000) {\n      nodes {\n        date\n        sourceCode\n        avgMw\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.RegionalDailyEnergyDocument,
    "\n  query NationalBalance($from: DateTime!, $to: DateTime!, $after: String) {\n    nationalBalance(from: $from, to: $to, after: $after, first: 3000) {\n      nodes {\n        timestamp\n        productionMw\n        consumptionMw\n        netExchangeMw\n        carbonIntensity\n        renewableSharePct\n        lowCarbonSharePct\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.NationalBalanceDocument,
    "\n  query NationalProduction($from: DateTime!, $to: DateTime!, $after: String) {\n    nationalProduction(from: $from, to: $to, after: $after, first: 20000) {\n      nodes {\n        timestamp\n        sourceCode\n        sourceLabel\n        mw\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.NationalProductionDocument,
    "\n  query QualityResults($dataset: String, $outcome: String, $first: Int, $after: String) {\n    qualityResults(dataset: $dataset, outcome: $outcome, first: $first, after: $after) {\n      nodes {\n        id\n        dataset\n        gate\n        description\n        severity\n        outcome\n        observed\n        threshold\n        windowStart\n        windowEnd\n        checkedAt\n        workflowId\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.QualityResultsDocument,
    "\n  query RegionalProduction($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {\n    regionalProduction(regionCode: $region, from: $from, to: $to, after: $after, first: 20000) {\n      nodes {\n        timestamp\n        sourceCode\n        sourceLabel\n        mw\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.RegionalProductionDocument,
    "\n  query LoadFactors($region: String!, $from: DateTime!, $to: DateTime!) {\n    loadFactors(regionCode: $region, from: $from, to: $to, first: 50) {\n      nodes {\n        sourceCode\n        sourceLabel\n        capacityMw\n        capacityYear\n        meanMw\n        energyMwh\n        energyLoadFactorPct\n        meanLoadFactorPct\n        quarterHours\n      }\n    }\n  }\n": types.LoadFactorsDocument,
    "\n  query RegionWeather($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {\n    weather(regionCode: $region, from: $from, to: $to, after: $after, first: 3000) {\n      nodes {\n        hour\n        windSpeedMs\n        solarIrradianceWm2\n        temperatureC\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.RegionWeatherDocument,
    "\n  query MaintenanceEvents($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {\n    maintenanceEvents(regionCode: $region, from: $from, to: $to, after: $after, first: 500) {\n      nodes {\n        eventId\n        unit\n        type\n        start\n        end\n        unavailableMw\n        description\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.MaintenanceEventsDocument,
    "\n  query Regions {\n    regions {\n      nodes {\n        code\n        name\n        inRegionalFeed\n        lastSeenAt\n      }\n    }\n  }\n": types.RegionsDocument,
    "\n  query RegionalBalance($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {\n    regionalBalance(regionCode: $region, from: $from, to: $to, after: $after, first: 3000) {\n      nodes {\n        timestamp\n        productionMw\n        consumptionMw\n        netExchangeMw\n        carbonIntensity\n        renewableSharePct\n        lowCarbonSharePct\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.RegionalBalanceDocument,
    "\n  query WorkflowRuns($source: String, $status: WorkflowRunStatus, $first: Int, $after: String) {\n    workflowRuns(source: $source, status: $status, first: $first, after: $after) {\n      nodes {\n        workflowId\n        runId\n        type\n        status\n        source\n        startTime\n        closeTime\n        durationMs\n        rows\n        summary\n        failureMessage\n        webUiUrl\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.WorkflowRunsDocument,
    "\n  query RunStatusesOfType($workflowType: String!, $first: Int) {\n    workflowRuns(workflowType: $workflowType, first: $first) {\n      nodes {\n        runId\n        status\n      }\n    }\n  }\n": types.RunStatusesOfTypeDocument,
    "\n  fragment ScheduleFields on Schedule {\n    id\n    declared\n    existsOnServer\n    workflowType\n    spec\n    declaredSpec\n    paused\n    note\n    overlapPolicy\n    inSync\n    webUiUrl\n    drift {\n      nodes {\n        field\n        declared\n        live\n        message\n      }\n    }\n  }\n": types.ScheduleFieldsFragmentDoc,
    "\n  query Schedules($first: Int, $after: String) {\n    schedules(first: $first, after: $after) {\n      nodes {\n        ...ScheduleFields\n        nextActionTimes(first: 3) {\n          nodes\n        }\n        recentActions(first: 3) {\n          nodes {\n            scheduledAt\n            takenAt\n            workflowId\n            runId\n            webUiUrl\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SchedulesDocument,
    "\n  query Schedule($id: String!) {\n    schedule(id: $id) {\n      ...ScheduleFields\n      taskQueue\n      catchupWindow\n      actionsTaken\n      actionsSkippedOverlap\n      actionsMissedCatchupWindow\n      lastUpdatedAt\n      nextActionTimes(first: 5) {\n        nodes\n      }\n      recentActions(first: 10) {\n        nodes {\n          scheduledAt\n          takenAt\n          workflowId\n          runId\n          webUiUrl\n        }\n      }\n    }\n  }\n": types.ScheduleDocument,
    "\n  query ScheduleChanges($scheduleId: String, $first: Int, $after: String) {\n    scheduleChanges(scheduleId: $scheduleId, first: $first, after: $after) {\n      nodes {\n        id\n        scheduleId\n        operation\n        subject\n        subjectName\n        at\n        before\n        after\n        details\n        auditWebUiUrl\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ScheduleChangesDocument,
    "\n  fragment ScheduleChangeOutcome on ScheduleChange {\n    id\n    operation\n    details\n  }\n": types.ScheduleChangeOutcomeFragmentDoc,
    "\n  mutation UpdateScheduleSpec($id: String!, $every: String, $cron: String, $note: String) {\n    updateScheduleSpec(id: $id, every: $every, cron: $cron, note: $note) {\n      change {\n        ...ScheduleChangeOutcome\n      }\n    }\n  }\n": types.UpdateScheduleSpecDocument,
    "\n  mutation PauseSchedule($id: String!, $note: String) {\n    pauseSchedule(id: $id, note: $note) {\n      change {\n        ...ScheduleChangeOutcome\n      }\n    }\n  }\n": types.PauseScheduleDocument,
    "\n  mutation UnpauseSchedule($id: String!, $note: String) {\n    unpauseSchedule(id: $id, note: $note) {\n      change {\n        ...ScheduleChangeOutcome\n      }\n    }\n  }\n": types.UnpauseScheduleDocument,
    "\n  mutation TriggerSchedule($id: String!) {\n    triggerSchedule(id: $id) {\n      change {\n        ...ScheduleChangeOutcome\n      }\n    }\n  }\n": types.TriggerScheduleDocument,
    "\n  mutation BackfillSchedule($id: String!, $from: DateTime!, $to: DateTime!, $overlap: ScheduleOverlapPolicy) {\n    backfillSchedule(id: $id, from: $from, to: $to, overlap: $overlap) {\n      change {\n        ...ScheduleChangeOutcome\n      }\n    }\n  }\n": types.BackfillScheduleDocument,
    "\n  query Viewer {\n    me {\n      subject\n      roles\n    }\n  }\n": types.ViewerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Alerts($status: AlertStatus, $kind: AlertKind, $regionCode: String, $first: Int, $after: String) {\n    alerts(status: $status, kind: $kind, regionCode: $regionCode, first: $first, after: $after) {\n      nodes {\n        id\n        kind\n        regionCode\n        severity\n        status\n        episodeStart\n        lastSeenAt\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').AlertsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Alert($id: Int!) {\n    alert(id: $id) {\n      id\n      kind\n      regionCode\n      severity\n      status\n      episodeStart\n      lastSeenAt\n      episodeEnd\n      evidence\n      openedAt\n      acknowledgedAt\n      acknowledgedBy\n      resolvedAt\n      resolvedBy\n      transitions {\n        id\n        from\n        to\n        at\n        by\n        note\n      }\n    }\n  }\n"): typeof import('./graphql').AlertDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcknowledgeAlert($id: Int!, $note: String) {\n    acknowledgeAlert(id: $id, note: $note) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').AcknowledgeAlertDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveAlert($id: Int!, $note: String) {\n    resolveAlert(id: $id, note: $note) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').ResolveAlertDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OpenAlerts {\n    alerts(status: OPEN, first: 100) {\n      nodes {\n        id\n        kind\n        severity\n        regionCode\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n"): typeof import('./graphql').OpenAlertsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RegionalDailyEnergy($region: String!, $from: String!, $to: String!, $after: String) {\n    dailyEnergy(regionCode: $region, from: $from, to: $to, after: $after, first: 5000) {\n      nodes {\n        date\n        sourceCode\n        avgMw\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').RegionalDailyEnergyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NationalBalance($from: DateTime!, $to: DateTime!, $after: String) {\n    nationalBalance(from: $from, to: $to, after: $after, first: 3000) {\n      nodes {\n        timestamp\n        productionMw\n        consumptionMw\n        netExchangeMw\n        carbonIntensity\n        renewableSharePct\n        lowCarbonSharePct\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').NationalBalanceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NationalProduction($from: DateTime!, $to: DateTime!, $after: String) {\n    nationalProduction(from: $from, to: $to, after: $after, first: 20000) {\n      nodes {\n        timestamp\n        sourceCode\n        sourceLabel\n        mw\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').NationalProductionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QualityResults($dataset: String, $outcome: String, $first: Int, $after: String) {\n    qualityResults(dataset: $dataset, outcome: $outcome, first: $first, after: $after) {\n      nodes {\n        id\n        dataset\n        gate\n        description\n        severity\n        outcome\n        observed\n        threshold\n        windowStart\n        windowEnd\n        checkedAt\n        workflowId\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').QualityResultsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RegionalProduction($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {\n    regionalProduction(regionCode: $region, from: $from, to: $to, after: $after, first: 20000) {\n      nodes {\n        timestamp\n        sourceCode\n        sourceLabel\n        mw\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').RegionalProductionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LoadFactors($region: String!, $from: DateTime!, $to: DateTime!) {\n    loadFactors(regionCode: $region, from: $from, to: $to, first: 50) {\n      nodes {\n        sourceCode\n        sourceLabel\n        capacityMw\n        capacityYear\n        meanMw\n        energyMwh\n        energyLoadFactorPct\n        meanLoadFactorPct\n        quarterHours\n      }\n    }\n  }\n"): typeof import('./graphql').LoadFactorsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RegionWeather($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {\n    weather(regionCode: $region, from: $from, to: $to, after: $after, first: 3000) {\n      nodes {\n        hour\n        windSpeedMs\n        solarIrradianceWm2\n        temperatureC\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').RegionWeatherDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MaintenanceEvents($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {\n    maintenanceEvents(regionCode: $region, from: $from, to: $to, after: $after, first: 500) {\n      nodes {\n        eventId\n        unit\n        type\n        start\n        end\n        unavailableMw\n        description\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').MaintenanceEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Regions {\n    regions {\n      nodes {\n        code\n        name\n        inRegionalFeed\n        lastSeenAt\n      }\n    }\n  }\n"): typeof import('./graphql').RegionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RegionalBalance($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {\n    regionalBalance(regionCode: $region, from: $from, to: $to, after: $after, first: 3000) {\n      nodes {\n        timestamp\n        productionMw\n        consumptionMw\n        netExchangeMw\n        carbonIntensity\n        renewableSharePct\n        lowCarbonSharePct\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').RegionalBalanceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkflowRuns($source: String, $status: WorkflowRunStatus, $first: Int, $after: String) {\n    workflowRuns(source: $source, status: $status, first: $first, after: $after) {\n      nodes {\n        workflowId\n        runId\n        type\n        status\n        source\n        startTime\n        closeTime\n        durationMs\n        rows\n        summary\n        failureMessage\n        webUiUrl\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').WorkflowRunsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunStatusesOfType($workflowType: String!, $first: Int) {\n    workflowRuns(workflowType: $workflowType, first: $first) {\n      nodes {\n        runId\n        status\n      }\n    }\n  }\n"): typeof import('./graphql').RunStatusesOfTypeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScheduleFields on Schedule {\n    id\n    declared\n    existsOnServer\n    workflowType\n    spec\n    declaredSpec\n    paused\n    note\n    overlapPolicy\n    inSync\n    webUiUrl\n    drift {\n      nodes {\n        field\n        declared\n        live\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').ScheduleFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Schedules($first: Int, $after: String) {\n    schedules(first: $first, after: $after) {\n      nodes {\n        ...ScheduleFields\n        nextActionTimes(first: 3) {\n          nodes\n        }\n        recentActions(first: 3) {\n          nodes {\n            scheduledAt\n            takenAt\n            workflowId\n            runId\n            webUiUrl\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').SchedulesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Schedule($id: String!) {\n    schedule(id: $id) {\n      ...ScheduleFields\n      taskQueue\n      catchupWindow\n      actionsTaken\n      actionsSkippedOverlap\n      actionsMissedCatchupWindow\n      lastUpdatedAt\n      nextActionTimes(first: 5) {\n        nodes\n      }\n      recentActions(first: 10) {\n        nodes {\n          scheduledAt\n          takenAt\n          workflowId\n          runId\n          webUiUrl\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ScheduleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScheduleChanges($scheduleId: String, $first: Int, $after: String) {\n    scheduleChanges(scheduleId: $scheduleId, first: $first, after: $after) {\n      nodes {\n        id\n        scheduleId\n        operation\n        subject\n        subjectName\n        at\n        before\n        after\n        details\n        auditWebUiUrl\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').ScheduleChangesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScheduleChangeOutcome on ScheduleChange {\n    id\n    operation\n    details\n  }\n"): typeof import('./graphql').ScheduleChangeOutcomeFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateScheduleSpec($id: String!, $every: String, $cron: String, $note: String) {\n    updateScheduleSpec(id: $id, every: $every, cron: $cron, note: $note) {\n      change {\n        ...ScheduleChangeOutcome\n      }\n    }\n  }\n"): typeof import('./graphql').UpdateScheduleSpecDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseSchedule($id: String!, $note: String) {\n    pauseSchedule(id: $id, note: $note) {\n      change {\n        ...ScheduleChangeOutcome\n      }\n    }\n  }\n"): typeof import('./graphql').PauseScheduleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnpauseSchedule($id: String!, $note: String) {\n    unpauseSchedule(id: $id, note: $note) {\n      change {\n        ...ScheduleChangeOutcome\n      }\n    }\n  }\n"): typeof import('./graphql').UnpauseScheduleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TriggerSchedule($id: String!) {\n    triggerSchedule(id: $id) {\n      change {\n        ...ScheduleChangeOutcome\n      }\n    }\n  }\n"): typeof import('./graphql').TriggerScheduleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackfillSchedule($id: String!, $from: DateTime!, $to: DateTime!, $overlap: ScheduleOverlapPolicy) {\n    backfillSchedule(id: $id, from: $from, to: $to, overlap: $overlap) {\n      change {\n        ...ScheduleChangeOutcome\n      }\n    }\n  }\n"): typeof import('./graphql').BackfillScheduleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    me {\n      subject\n      roles\n    }\n  }\n"): typeof import('./graphql').ViewerDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
