import type { Config } from '../config';
import { LocalLake } from './local-lake';
import type { LakeStore } from './lake-store';

export type { LakeStore } from './lake-store';

export function createLake(config: Config['lake']): LakeStore {
  switch (config.backend) {
    case 'local':
      return new LocalLake(config.root);
  }
}
