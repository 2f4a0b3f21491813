import { createDatabase } from '@smoothschedule/db';
import { formatCatalogSyncReport, syncPluginCatalog } from '@smoothschedule/marketplace';

/**
 * Writes the shipped plugins into the catalog, after the shared migrations: the migrate step, the seed and every
 * start call it, so the code and the catalog never disagree.
 */
export async function syncCatalogAt(url: string, log: (line: string) => void = console.error): Promise<void> {
  const database = createDatabase({ connectionString: url, poolSize: 1 });
  try {
    log(formatCatalogSyncReport(await syncPluginCatalog(database.shared)));
  } finally {
    await database.close();
  }
}
