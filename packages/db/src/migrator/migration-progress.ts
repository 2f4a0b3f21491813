/**
 * What a run tells the person watching it. The migrator only emits events; a reporter decides how they look, so
 * the CLI draws a bar on a terminal, CI logs get plain lines, and tests and benchmarks capture or drop them.
 */
import type { MigrationReport, SchemaResult } from './migration-report.ts';

export type MigrationEvent =
  | { type: 'waiting-for-lock' }
  | { type: 'lock-acquired'; waitedMs: number }
  | { type: 'shared-done'; result: SchemaResult }
  /** The tenant and spare schemas were listed and planned; `total` of them will each get a schema-done. */
  | { type: 'planned'; total: number; pending: number }
  | { type: 'schema-done'; result: SchemaResult; done: number; total: number; failed: number }
  | { type: 'finished'; report: MigrationReport };

export interface MigrationReporter {
  onEvent(event: MigrationEvent): void;
}

/** Prints nothing: for benchmarks and for callers that only want the returned report. */
export const silentReporter: MigrationReporter = { onEvent: () => undefined };

/** Collects every event, for tests. */
export function createRecordingReporter(): MigrationReporter & { events: MigrationEvent[] } {
  const events: MigrationEvent[] = [];
  return { events, onEvent: (event) => void events.push(event) };
}

export interface WritableOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

function describe(result: SchemaResult): string {
  if (result.status === 'failed') return `✗ ${result.schemaName} failed: ${result.error ?? 'unknown error'}`;
  return `✓ ${result.schemaName}: applied ${result.applied.join(', ')} (${result.durationMs} ms)`;
}

export function formatMigrationSummary(report: MigrationReport): string {
  const total = report.schemas.length + 1;
  const lines = [
    `${total} schemas: ${report.migrated} migrated, ${report.upToDate} up to date, ${report.failed} failed ` +
      `(${(report.durationMs / 1000).toFixed(1)} s)`,
  ];
  const failures = [report.shared, ...report.schemas].filter((result) => result.status === 'failed');
  for (const failure of failures) lines.push(`  ${failure.schemaName}: ${failure.error ?? 'unknown error'}`);
  if (report.shared.status === 'failed') lines.push('  Tenant schemas were not touched because public failed.');
  return lines.join('\n');
}

export function progressBar(done: number, total: number, failed: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const failures = failed > 0 ? ` · ${failed} failed` : '';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} schemas${failures}`;
}

/**
 * On a terminal, one line redrawn in place (at most every `redrawMs`, so a fast no-op run is not slowed by its
 * own output) with failures printed above it; elsewhere, one line per schema that was migrated or failed.
 * Both end with the summary.
 */
export function createConsoleReporter(output: WritableOutput, options: { redrawMs?: number } = {}): MigrationReporter {
  const redrawMs = options.redrawMs ?? 80;
  const tty = output.isTTY === true;
  let barShown = false;
  let lastDraw = 0;
  const clearBar = () => {
    if (barShown) output.write('\r\x1b[2K');
    barShown = false;
  };
  const line = (text: string) => {
    clearBar();
    output.write(`${text}\n`);
  };
  const drawBar = (done: number, total: number, failed: number, force: boolean) => {
    const now = performance.now();
    if (!force && now - lastDraw < redrawMs) return;
    lastDraw = now;
    output.write(`\r\x1b[2K${progressBar(done, total, failed)}`);
    barShown = true;
  };

  return {
    onEvent(event) {
      switch (event.type) {
        case 'waiting-for-lock':
          return line('Waiting for another migrator to finish…');
        case 'lock-acquired':
          if (event.waitedMs >= 1000) line(`Migration lock acquired after ${(event.waitedMs / 1000).toFixed(1)} s`);
          return;
        case 'shared-done':
          if (event.result.status !== 'up-to-date') return line(describe(event.result));
          if (!tty) line('✓ public: up to date');
          return;
        case 'planned':
          if (!tty) return line(`${event.total} tenant schemas, ${event.pending} to migrate`);
          return drawBar(0, event.total, 0, true);
        case 'schema-done':
          if (event.result.status === 'failed' || (!tty && event.result.status === 'migrated')) {
            line(describe(event.result));
          }
          if (tty) drawBar(event.done, event.total, event.failed, event.done === event.total || !barShown);
          return;
        case 'finished':
          if (tty && barShown) output.write('\n');
          barShown = false;
          return line(formatMigrationSummary(event.report));
      }
    },
  };
}
