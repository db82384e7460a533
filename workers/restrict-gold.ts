import type { Config } from '../lib/config';
import { createLake, describeLakeConfig } from '../lib/lake';
import { goldAclEntries, GOLD_DIRECTORY } from '../lib/lake/adls-gold-acl';
import type { GoldPrincipals } from '../lib/lake/lake-store';
import { configOrExit, fail } from '../lib/entrypoint';

/**
 * `npm run lake:restrict-gold`: sets the POSIX ACL on the lake's gold/ (writer rwx, reader r-x,
 * nobody else) for the principals named by GPS_LAKE_GOLD_WRITER_ID / GPS_LAKE_GOLD_READER_ID.
 * Only an ADLS Gen2 account (hierarchical namespace) can enforce it; on any other lake the
 * command refuses rather than report a protection that does not exist.
 */

export class RestrictGoldRefused extends Error {
  override name = 'RestrictGoldRefused';
}

/** Everything checked before a request leaves: the backend, both ids, and the ACL they make. */
export function goldPrincipalsFor(
  config: Pick<Config, 'lake' | 'goldAcl'>,
  args: string[] = [],
): GoldPrincipals {
  if (args.length) {
    throw new RestrictGoldRefused(
      `unexpected argument(s) ${args.join(' ')}: the principals come from GPS_LAKE_GOLD_WRITER_ID and GPS_LAKE_GOLD_READER_ID`,
    );
  }
  if (config.lake.backend === 'local') {
    throw new RestrictGoldRefused(
      'the local lake has no access control lists: gold restriction needs GPS_LAKE_BACKEND=azure-blob ' +
        'on an ADLS Gen2 (hierarchical namespace) account',
    );
  }
  const { writer, reader } = config.goldAcl;
  const missing = [!writer && 'GPS_LAKE_GOLD_WRITER_ID', !reader && 'GPS_LAKE_GOLD_READER_ID'].filter(
    Boolean,
  );
  if (!writer || !reader) {
    throw new RestrictGoldRefused(`${missing.join(' and ')} must be set (Entra ID object ids)`);
  }
  goldAclEntries({ writer, reader }); // throws GoldAclError on a non-GUID id or one principal for both roles
  return { writer, reader };
}

async function main(): Promise<void> {
  const config = configOrExit();
  let principals: GoldPrincipals;
  try {
    principals = goldPrincipalsFor(config, process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`lake:restrict-gold refused: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const lake = createLake(config.lake);
  if (!lake.restrictGold) {
    process.stderr.write(`lake:restrict-gold refused: ${lake.description} cannot enforce ACLs\n`);
    process.exit(2);
  }
  await lake.restrictGold(principals);
  process.stdout.write(
    `${GOLD_DIRECTORY}/ on ${describeLakeConfig(config.lake)}: writer ${principals.writer.kind} ` +
      `${principals.writer.objectId} rwx, reader ${principals.reader.kind} ${principals.reader.objectId} r-x, others none\n`,
  );
}

if (require.main === module) main().catch(fail);
