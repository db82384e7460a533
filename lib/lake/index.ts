import type { PlatformConfig } from '../config';
import { AzureBlobLake } from './azure-blob-lake';
import { LocalLake } from './local-lake';
import type { LakeStore } from './lake-store';

export type { LakeStore } from './lake-store';

export function createLake(config: PlatformConfig['lake']): LakeStore {
  switch (config.backend) {
    case 'local':
      return new LocalLake(config.root);
    case 'azure-blob':
      return AzureBlobLake.create(
        config.auth.kind === 'connection-string'
          ? { kind: 'connection-string', connectionString: config.auth.connectionString.reveal() }
          : { kind: 'token', accountUrl: config.auth.accountUrl },
        config.container,
      );
  }
}

/** Where the lake is, for start-up banners: never the connection string. */
export function describeLakeConfig(config: PlatformConfig['lake']): string {
  switch (config.backend) {
    case 'local':
      return config.root;
    case 'azure-blob':
      return config.auth.kind === 'connection-string'
        ? `azure-blob container ${config.container} (connection string)`
        : `azure-blob ${config.auth.accountUrl}/${config.container}`;
  }
}
