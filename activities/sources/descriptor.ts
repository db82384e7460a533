import type { z } from 'zod';
import type { ConfigSlice, PlatformConfig, ScheduleDefaults } from '../../lib/config';
import type * as workflows from '../../workflows';
import type { ActivityDeps } from '../deps';
import type { DatasetDeclaration } from '../quality';

/** A workflow the worker bundle exports: a typo in a descriptor fails the typecheck. */
export type WorkflowName = keyof typeof workflows;

/** Activities built from the dependencies, as Temporal registers them (name -> function). */
export type ActivityFactory<A> = (deps: ActivityDeps) => A;

/** An offline stand-in for the upstream, started by `npm run start:replay`. */
export interface StandIn<SliceValue = unknown> {
  /** What it serves, for the start-up banner. */
  description: string;
  /** Imports replay/ lazily, in replay mode only: activities never load stand-in code. */
  start(platform: PlatformConfig, config: SliceValue): Promise<RunningStandIn>;
}

/** The typed value of a configuration slice (undefined for a source without one). */
export type SliceValue<Slice> = Slice extends ConfigSlice<string, z.ZodRawShape, infer V> ? V : undefined;

export interface RunningStandIn {
  url: string;
  close(): Promise<void>;
}

/**
 * Everything the platform knows about one source, exported by `activities/sources/<id>/index.ts`
 * and listed once in `activities/sources/registry.ts`. Configuration, workers, start-up and the
 * temporal.yaml check read it; see docs/adding-a-source.md.
 */
export interface SourceDescriptor<
  Id extends string = string,
  Slice extends ConfigSlice<string, z.ZodRawShape, unknown> | undefined =
    ConfigSlice<string, z.ZodRawShape, unknown> | undefined,
  Ingest extends object = object,
  Transform extends object = object,
> {
  /** Watermarks, audit rows, the GpsSource search attribute and temporal.yaml name it by this. */
  id: Id;
  title: string;
  /** The upstream's own documentation. */
  upstream: readonly string[];
  /** Its environment variables and the typed value activities read as `config[slice.key]`. */
  config: Slice;
  /** The workflow its schedule starts. */
  workflow: WorkflowName;
  /** Other workflows it runs (children, backfills, watchers), so the tree is visible here. */
  otherWorkflows?: readonly WorkflowName[];
  /** Defaults for its temporal.yaml entry; unset for a source only started on demand. */
  schedule?: ScheduleDefaults;
  /** I/O-bound activities (ingest task queue) and CPU/memory-heavy ones (transform task queue). */
  activities: { ingest?: ActivityFactory<Ingest>; transform?: ActivityFactory<Transform> };
  /** The Gold datasets it writes, each with the gates that guard it. */
  datasets: readonly DatasetDeclaration[];
  standIn?: StandIn<SliceValue<Slice>>;
}

/** Keeps each descriptor's literal types (id, activity names) for the registry's derived types. */
export function defineSource<
  Id extends string,
  Slice extends ConfigSlice<string, z.ZodRawShape, unknown> | undefined,
  Ingest extends object = object,
  Transform extends object = object,
>(
  descriptor: SourceDescriptor<Id, Slice, Ingest, Transform>,
): SourceDescriptor<Id, Slice, Ingest, Transform> {
  return descriptor;
}
