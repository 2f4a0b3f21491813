import { ZodError } from 'zod';

/** Prints a CLI failure for a person and returns the exit code: 2 for bad input, 1 for anything else. */
export function reportCliError(error: unknown): number {
  if (error instanceof ZodError) {
    for (const issue of error.issues) console.error(`  ${issue.path.join('.') || 'input'}: ${issue.message}`);
    return 2;
  }
  const code = (error as { code?: string }).code;
  console.error(code ? `${code}: ${(error as Error).message}` : (error as Error)?.message ?? String(error));
  return 1;
}
