import { describe, expect, it } from 'vitest';
import {
  createConsoleReporter,
  formatMigrationSummary,
  progressBar,
  type MigrationEvent,
  type WritableOutput,
} from '../src/migrator/migration-progress.ts';
import { summarize, type SchemaResult } from '../src/migrator/migration-report.ts';
import { runWithConcurrency } from '../src/migrator/run-with-concurrency.ts';

function capture(isTTY: boolean): WritableOutput & { text: string } {
  const output = { text: '', isTTY, write: (chunk: string) => (output.text += chunk) };
  return output;
}

const shared: SchemaResult = { schemaName: 'public', kind: 'shared', status: 'up-to-date', applied: [], durationMs: 3 };
const results: SchemaResult[] = [
  { schemaName: 'alpha', kind: 'tenant', status: 'up-to-date', applied: [], durationMs: 0 },
  { schemaName: 'beta', kind: 'tenant', status: 'migrated', applied: ['20260101000000_init'], durationMs: 12 },
  { schemaName: 'gamma', kind: 'tenant', status: 'failed', applied: [], error: 'boom', durationMs: 4 },
  { schemaName: '_spare_00000000000000aa', kind: 'spare', status: 'migrated', applied: ['20260101000000_init'], durationMs: 9 },
];

/** The events of a run over `results`, in the order the migrator sends them. */
function runEvents(): MigrationEvent[] {
  let failed = 0;
  return [
    { type: 'lock-acquired', waitedMs: 0 },
    { type: 'shared-done', result: shared },
    { type: 'planned', total: results.length, pending: 3 },
    ...results.map((result, index): MigrationEvent => {
      if (result.status === 'failed') failed += 1;
      return { type: 'schema-done', result, done: index + 1, total: results.length, failed };
    }),
    { type: 'finished', report: summarize(shared, results, 1234) },
  ];
}

describe('progress reporting', () => {
  it('draws a bar', () => {
    expect(progressBar(512, 1000, 2, 10)).toBe('[#####-----] 512/1000 schemas · 2 failed');
    expect(progressBar(0, 0, 0, 4)).toBe('[####] 0/0 schemas');
  });

  it('off a terminal, prints one plain line per migrated or failed schema, then the summary', () => {
    const output = capture(false);
    const reporter = createConsoleReporter(output);
    runEvents().forEach((event) => reporter.onEvent(event));

    expect(output.text).not.toMatch(/[\r\x1b]/);
    expect(output.text.split('\n')).toEqual([
      '✓ public: up to date',
      '4 tenant schemas, 3 to migrate',
      '✓ beta: applied 20260101000000_init (12 ms)',
      '✗ gamma failed: boom',
      '✓ _spare_00000000000000aa: applied 20260101000000_init (9 ms)',
      '5 schemas: 2 migrated, 2 up to date, 1 failed (1.2 s)',
      '  gamma: boom',
      '',
    ]);
  });

  it('on a terminal, redraws one line in place and prints failures above it', () => {
    const output = capture(true);
    const reporter = createConsoleReporter(output, { redrawMs: 0 });
    runEvents().forEach((event) => reporter.onEvent(event));

    expect(output.text).toContain('\r\x1b[2K[------------------------------] 0/4 schemas');
    expect(output.text).toContain('✗ gamma failed: boom\n');
    expect(output.text).toContain('\r\x1b[2K[##############################] 4/4 schemas · 1 failed\n');
    expect(output.text).not.toContain('beta: applied');
    expect(output.text.trimEnd().split('\n').at(-2)).toMatch(/^5 schemas: 2 migrated, 2 up to date, 1 failed/);
  });

  it('says once that it waits for another migrator', () => {
    const output = capture(false);
    createConsoleReporter(output).onEvent({ type: 'waiting-for-lock' });
    expect(output.text).toBe('Waiting for another migrator to finish…\n');
  });

  it('the summary says when public failed and no tenant was touched', () => {
    const failedShared: SchemaResult = { ...shared, status: 'failed', error: 'x failed in schema public: nope' };
    expect(formatMigrationSummary(summarize(failedShared, [], 10))).toBe(
      '1 schemas: 0 migrated, 0 up to date, 1 failed (0.0 s)\n' +
        '  public: x failed in schema public: nope\n' +
        '  Tenant schemas were not touched because public failed.',
    );
  });
});

describe('runWithConcurrency', () => {
  it('keeps at most `limit` in flight and returns results in input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await runWithConcurrency([50, 10, 30, 5, 20, 1, 15], 3, async (ms, index) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight -= 1;
      return index;
    });
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(3);
  });

  it('stops starting new items after a rejection and rethrows it', async () => {
    const started: number[] = [];
    const run = runWithConcurrency([1, 2, 3, 4], 1, async (item) => {
      started.push(item);
      if (item === 2) throw new Error('two');
    });
    await expect(run).rejects.toThrow('two');
    expect(started).toEqual([1, 2]);
  });

  it('refuses a limit below 1', async () => {
    await expect(runWithConcurrency([1], 0, async () => undefined)).rejects.toThrow(RangeError);
  });
});
