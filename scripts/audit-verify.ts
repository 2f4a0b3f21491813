/**
 * pnpm audit:verify — walks the audit trail in order and recomputes every hash. Exits 0 when the chain is intact,
 * 1 naming the first row that was edited (its fields no longer match its hash) or unlinked (a row before it was
 * deleted, inserted or rewritten).
 */
import { verifyAuditTrail } from '@smoothschedule/auth';
import { withCliDatabase } from './lib/cli-database.ts';

function main(): Promise<number> {
  return withCliDatabase(async (database) => {
    const { rowsChecked, firstBreak } = await verifyAuditTrail(database.pool);
    if (firstBreak === null) {
      console.log(`Audit trail intact: ${rowsChecked} rows verified`);
      return 0;
    }
    const what = firstBreak.problem === 'edited'
      ? 'its contents no longer match its hash (the row was edited)'
      : 'it does not link to the row before it (a row was deleted, inserted or rewritten before it)';
    console.error(`Audit trail broken at row ${firstBreak.id}: ${what}. ${rowsChecked} rows before it verified.`);
    return 1;
  }, () => console.error('Audit verification failed (has `pnpm db:migrate` run?)'));
}

// process.exit, not exitCode: the embedded PostgreSQL package installs exit hooks that would force 0.
process.exit(await main());
