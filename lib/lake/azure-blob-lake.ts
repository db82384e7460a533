import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { BlobServiceClient, RestError, type ContainerClient } from '@azure/storage-blob';
import { applyGoldAcl, openGoldFileSystem } from './adls-gold-acl';
import {
  assertValidKey,
  LakeNotFoundError,
  type GoldPrincipals,
  type LakeObjectStat,
  type LakeStore,
  type VersionedObject,
} from './lake-store';

/** How AzureBlobLake reaches the account; the connection string is a secret and is never logged. */
export type AzureBlobLakeAuth =
  | { kind: 'connection-string'; connectionString: string }
  | { kind: 'token'; accountUrl: string; credential?: TokenCredential };

/**
 * ADLS Gen2 (hierarchical namespace) answers the Blob API too, but shows each directory as an
 * empty blob carrying this metadata. Such entries are folders, not objects, as on a filesystem.
 */
const FOLDER_METADATA = 'hdi_isfolder';

function errorCode(err: RestError): string | undefined {
  const details = err.details as { errorCode?: string } | undefined;
  return details?.errorCode ?? err.code;
}

/**
 * The lake on the Azure Blob API: Azurite, Blob Storage and ADLS Gen2 accounts alike (blob
 * endpoint). Same contract as LocalLake (test/integration/lake-contract.test.ts).
 */
export class AzureBlobLake implements LakeStore {
  readonly description: string;

  constructor(
    private readonly container: ContainerClient,
    private readonly auth: AzureBlobLakeAuth,
  ) {
    // The URL without its query string: a SAS token there would be a secret.
    this.description = `azure blob container ${container.url.split('?')[0]}`;
  }

  static create(auth: AzureBlobLakeAuth, containerName: string): AzureBlobLake {
    const service =
      auth.kind === 'connection-string'
        ? BlobServiceClient.fromConnectionString(auth.connectionString)
        : new BlobServiceClient(auth.accountUrl, auth.credential ?? new DefaultAzureCredential());
    return new AzureBlobLake(service.getContainerClient(containerName), auth);
  }

  private blob(key: string) {
    assertValidKey(key);
    return this.container.getBlockBlobClient(key);
  }

  /** A missing container is a deployment mistake, not a missing object: say so plainly. */
  private explain(err: unknown): unknown {
    if (err instanceof RestError && errorCode(err) === 'ContainerNotFound') {
      return new Error(
        `lake container does not exist: ${this.description} (create it, or check GPS_LAKE_CONTAINER)`,
        { cause: err },
      );
    }
    return err;
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    // One Put Blob up to 256 MiB, a block list commit beyond: either way readers see the old
    // blob until the new one is complete.
    try {
      await this.blob(key).uploadData(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'));
    } catch (err) {
      throw this.explain(err);
    }
  }

  async putIfAbsent(key: string, body: Buffer | string): Promise<boolean> {
    try {
      await this.blob(key).uploadData(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), {
        conditions: { ifNoneMatch: '*' },
      });
      return true;
    } catch (err) {
      // 409 BlobAlreadyExists or 412 ConditionNotMet: the service decided, atomically. A lost
      // response retried by the SDK also lands here; callers such as writeBronze then read the
      // existing object, which is their own.
      if (err instanceof RestError && (err.statusCode === 409 || err.statusCode === 412)) return false;
      throw this.explain(err);
    }
  }

  async get(key: string): Promise<Buffer> {
    const object = await this.getVersioned(key);
    if (!object) throw new LakeNotFoundError(key, this.description);
    return object.body;
  }

  async getVersioned(key: string): Promise<VersionedObject | undefined> {
    const blob = this.blob(key);
    try {
      // One GET streams one version; the SDK pins its etag if it has to resume the stream, so
      // an overwrite in between fails the read instead of mixing two versions.
      const response = await blob.download(0);
      if (response.metadata?.[FOLDER_METADATA] === 'true') return undefined;
      if (!response.etag) throw new Error(`no ETag in the answer for ${JSON.stringify(key)}`);
      const chunks: Buffer[] = [];
      for await (const chunk of response.readableStreamBody ?? []) chunks.push(chunk as Buffer);
      return { body: Buffer.concat(chunks), version: response.etag };
    } catch (err) {
      if (err instanceof RestError && errorCode(err) === 'BlobNotFound') return undefined;
      throw this.explain(err);
    }
  }

  async putIfVersion(key: string, body: Buffer | string, version: string | undefined): Promise<boolean> {
    if (version === undefined) return this.putIfAbsent(key, body);
    try {
      // If-Match: the service refuses the write unless the blob still has the ETag that was read.
      await this.blob(key).uploadData(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), {
        conditions: { ifMatch: version },
      });
      return true;
    } catch (err) {
      // 412 ConditionNotMet: written since; 404 BlobNotFound: deleted since. A lost response
      // retried by the SDK lands here too: the caller re-reads, finds its own write, merges again.
      if (
        err instanceof RestError &&
        (err.statusCode === 412 || (err.statusCode === 404 && errorCode(err) === 'BlobNotFound'))
      ) {
        return false;
      }
      throw this.explain(err);
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      const properties = await this.blob(key).getProperties();
      return properties.metadata?.[FOLDER_METADATA] !== 'true';
    } catch (err) {
      if (err instanceof RestError && err.statusCode === 404 && errorCode(err) !== 'ContainerNotFound') {
        return false;
      }
      throw this.explain(err);
    }
  }

  async stat(key: string): Promise<LakeObjectStat | undefined> {
    try {
      const properties = await this.blob(key).getProperties();
      if (properties.metadata?.[FOLDER_METADATA] === 'true') return undefined;
      return { bytes: properties.contentLength ?? 0, lastModified: properties.lastModified ?? new Date(0) };
    } catch (err) {
      if (err instanceof RestError && err.statusCode === 404 && errorCode(err) !== 'ContainerNotFound') {
        return undefined;
      }
      throw this.explain(err);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const trimmed = prefix.replace(/\/+$/, '');
    if (trimmed) assertValidKey(trimmed);
    const keys: string[] = [];
    try {
      for await (const item of this.container.listBlobsFlat({
        prefix: trimmed ? `${trimmed}/` : undefined,
        includeMetadata: true,
      })) {
        if (item.metadata?.[FOLDER_METADATA] !== 'true') keys.push(item.name);
      }
    } catch (err) {
      throw this.explain(err);
    }
    // The service orders by UTF-8 bytes; sort as LocalLake does so both backends agree.
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    if (!(await this.exists(key))) return;
    try {
      await this.blob(key).deleteIfExists();
    } catch (err) {
      throw this.explain(err);
    }
  }

  async restrictGold(principals: GoldPrincipals): Promise<void> {
    await applyGoldAcl(openGoldFileSystem(this.auth, this.container.containerName), principals);
  }
}
