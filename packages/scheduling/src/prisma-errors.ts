/** Reading PostgreSQL's verdicts out of Prisma's errors (driver adapter errors carry the original SQLSTATE). */

interface AdapterErrorShape {
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; originalMessage?: unknown; kind?: unknown; constraint?: { index?: unknown } } } };
}

function causeOf(error: unknown) {
  return (error as AdapterErrorShape | null)?.meta?.driverAdapterError?.cause;
}

/** An exclusion constraint (23P01) refused the write; `constraint` names which. */
export function isExclusionViolation(error: unknown, constraint: string): boolean {
  const cause = causeOf(error);
  return cause?.originalCode === '23P01' && typeof cause.originalMessage === 'string' && cause.originalMessage.includes(`"${constraint}"`);
}

/** A foreign key refused a delete or write (23503). */
export function isForeignKeyViolation(error: unknown): boolean {
  const cause = causeOf(error);
  return cause?.kind === 'ForeignKeyConstraintViolation' || cause?.originalCode === '23503';
}

/** A unique index refused the write (Prisma P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as AdapterErrorShape | null)?.code === 'P2002';
}

/** The record to update or delete was not there (Prisma P2025), e.g. deleted by a concurrent request. */
export function isRecordMissing(error: unknown): boolean {
  return (error as AdapterErrorShape | null)?.code === 'P2025';
}
