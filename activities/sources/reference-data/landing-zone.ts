import { AUDIT_STEP } from '../../audit-vocabulary';
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { storeContentAddressed } from '../../bronze/lake-objects';
import { activityOrigin, type AuditOrigin } from '../../asset-registry';
import type { LakeStore } from '../../../lib/lake';
import { parseReferenceCsv, type LandingKind } from './csv-formats';

/**
 * The landing zone: operators (or an upstream transfer) drop flat files under
 * `landing/<kind>/` in the lake. Each file is copied byte for byte to
 * `bronze/reference/<kind>/date=YYYY-MM-DD/<received>_<sha256[0:16]>.csv`, the copy's sha256 is
 * checked against the landed bytes, the receipt is recorded (landing_receipts + an audit row),
 * and only then is the landed file removed. Every step is idempotent, so a crash anywhere in
 * between heals on the next run: the Bronze marker finds the copy, the receipt exists once.
 *
 * A malformed file is not refused: it is kept in Bronze like any other, marked invalid with the
 * reason in its `.meta.json`, its receipt and its audit row, and reported to the workflow.
 */
export const LANDING_KINDS: readonly LandingKind[] = ['capacity', 'demographics'];

export const landingPrefix = (kind: LandingKind) => `landing/${kind}`;
export const bronzePrefix = (kind: LandingKind) => `bronze/reference/${kind}`;

export interface LandedFile {
  kind: LandingKind;
  landingKey: string;
  fileName: string;
  bronzeKey: string;
  sha256: string;
  bytes: number;
  format?: string;
  valid: boolean;
  reason?: string;
  records: number;
  receivedAt: string;
  /** False when these bytes had been received before (a retry, or the same file dropped again). */
  newReceipt: boolean;
}

export class BronzeCopyMismatch extends Error {
  override name = 'BronzeCopyMismatch';
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Reads the Bronze copy back: only bytes proven identical allow the landed file to go. */
async function verifyCopy(lake: LakeStore, key: string, sha256: string): Promise<void> {
  const stored = sha256Of(await lake.get(key));
  if (stored !== sha256) {
    // Removing the bad copy lets the retry write it again; the landed file is still there.
    await lake.delete(key);
    await lake.delete(`${key}.meta.json`);
    throw new BronzeCopyMismatch(`Bronze copy ${key} has sha256 ${stored}, the landed file ${sha256}`);
  }
}

/** One receipt per (kind, content); its audit row is written in the same transaction. */
async function recordReceipt(
  db: Knex,
  origin: AuditOrigin,
  file: Omit<LandedFile, 'newReceipt'>,
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const existing = await trx('landing_receipts').where({ kind: file.kind, sha256: file.sha256 }).first();
    if (existing) return false;
    const at = new Date().toISOString();
    await trx('landing_receipts').insert({
      kind: file.kind,
      sha256: file.sha256,
      file_name: file.fileName,
      landing_key: file.landingKey,
      bronze_key: file.bronzeKey,
      bytes: file.bytes,
      format: file.format ?? null,
      status: file.valid ? 'valid' : 'invalid',
      reason: file.reason ?? null,
      received_at: at,
    });
    await trx('ingestion_audit').insert({
      workflow_id: origin.workflowId,
      run_id: origin.runId,
      workflow_type: origin.workflowType,
      step: 'landing-received',
      source: `landing-${file.kind}`,
      status: file.valid ? 'received' : 'invalid',
      attempt: origin.attempt,
      rows: file.records,
      bytes: file.bytes,
      error: file.valid ? null : `malformed ${file.kind} file ${file.fileName}: ${file.reason}`,
      details: JSON.stringify({
        fileName: file.fileName,
        sha256: file.sha256,
        bytes: file.bytes,
        bronzeKey: file.bronzeKey,
        format: file.format,
      }),
      at,
    });
    return true;
  });
}

export async function receiveLandedFile(
  deps: Pick<ActivityDeps, 'lake' | 'db'>,
  origin: AuditOrigin,
  kind: LandingKind,
  landingKey: string,
): Promise<LandedFile> {
  const bytes = await deps.lake.get(landingKey);
  const sha256 = sha256Of(bytes);
  const fileName = landingKey.slice(landingKey.lastIndexOf('/') + 1);
  const parsed = parseReferenceCsv(kind, bytes);
  const receivedAt = new Date().toISOString();
  const validation = parsed.ok
    ? { valid: true, format: parsed.format.id, records: parsed.records.length }
    : { valid: false, reason: parsed.reason, records: 0 };
  // Same layout and marker as fetched payloads; the metadata of a received file instead of HTTP's.
  const bronze = await storeContentAddressed(
    deps.lake,
    bronzePrefix(kind),
    'csv',
    bytes,
    receivedAt,
    { source: `landing-${kind}`, landingKey, fileName, receivedAt, ...validation },
    sha256,
  );
  await verifyCopy(deps.lake, bronze.key, sha256);
  const file = {
    kind,
    landingKey,
    fileName,
    bronzeKey: bronze.key,
    sha256,
    bytes: bytes.length,
    format: parsed.ok ? parsed.format.id : undefined,
    valid: parsed.ok,
    reason: parsed.ok ? undefined : parsed.reason,
    records: validation.records,
    receivedAt,
  };
  const newReceipt = await recordReceipt(deps.db, origin, file);
  await deps.lake.delete(landingKey);
  return { ...file, newReceipt };
}

export interface LandingResult {
  files: LandedFile[];
}

export function createLandingZoneReceiver(deps: ActivityDeps) {
  return async function landingZoneToBronze(): Promise<LandingResult> {
    const outcome = await audited(
      deps.db,
      { step: AUDIT_STEP.toBronze, source: 'reference-data', dataset: 'landing_zone' },
      async () => {
        const origin = activityOrigin();
        const files: LandedFile[] = [];
        for (const kind of LANDING_KINDS) {
          for (const key of await deps.lake.list(landingPrefix(kind))) {
            files.push(await receiveLandedFile(deps, origin, kind, key));
          }
        }
        for (const f of files.filter((x) => !x.valid)) {
          deps.log.warn('malformed landing file kept in Bronze', {
            file: f.fileName,
            reason: f.reason,
            bronzeKey: f.bronzeKey,
          });
        }
        return {
          rows: files.length,
          bytes: files.reduce((n, f) => n + f.bytes, 0),
          details: {
            received: files.filter((f) => f.newReceipt).map((f) => f.fileName),
            alreadyReceived: files.filter((f) => !f.newReceipt).map((f) => f.fileName),
            invalid: files.filter((f) => !f.valid).map((f) => ({ file: f.fileName, reason: f.reason })),
          },
          files,
        };
      },
    );
    return { files: outcome.files };
  };
}
