/** The JobQueue contract, run against both implementations: pg-boss on a real PostgreSQL and the in-process queue. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue } from '../src/jobs/job-queue.ts';
import { collector, inProcessWorld, pgBossWorld, recordingLogger, type QueueWorld } from './job-queue-test-support.ts';

const HOUR = 60 * 60 * 1000;

describe.each([
  { name: 'in-process', makeWorld: inProcessWorld },
  { name: 'pg-boss', makeWorld: pgBossWorld },
])('$name job queue', ({ makeWorld }) => {
  const log = recordingLogger();
  let world: QueueWorld;
  let queue: JobQueue;

  beforeAll(async () => {
    world = await makeWorld(log.logger);
  });
  afterAll(async () => {
    await world.close();
  });
  afterEach(async () => {
    await queue.stop();
    expect(log.errors).toEqual([]);
  });

  async function started(): Promise<JobQueue> {
    queue = world.create();
    await queue.start();
    return queue;
  }

  it('delivers the data sent to the queue to its handler', async () => {
    const q = await started();
    const jobs = collector();
    await q.work('deliver', jobs.handler);
    const id = await q.send('deliver', { appointmentId: 'a-1', nested: { minutes: 30 } });
    expect(id).toEqual(expect.any(String));
    await jobs.until(1);
    expect(jobs.received).toEqual([{ appointmentId: 'a-1', nested: { minutes: 30 } }]);
  });

  it('holds a job with a later startAfter while delivering the ones due now', async () => {
    const q = await started();
    const jobs = collector();
    // Sent first, so a queue that ignored startAfter would deliver it before (or with) the later ones.
    await q.send('delayed', { which: 'later' }, { startAfter: new Date(Date.now() + HOUR) });
    await q.send('delayed', { which: 'now-1' });
    await q.work('delayed', jobs.handler);
    await jobs.until(1);
    // One more job due now, delivered only after the queue has been looked at again.
    await q.send('delayed', { which: 'now-2' });
    await jobs.until(2);
    await world.drained(q, 'delayed');
    expect(jobs.received.map((data) => data.which)).toEqual(['now-1', 'now-2']);
  });

  it('drops a send whose singletonKey is already queued, and accepts it again once that job is done', async () => {
    const q = await started();
    const first = await q.send('single', { n: 1 }, { singletonKey: 'appointment-7' });
    const duplicate = await q.send('single', { n: 2 }, { singletonKey: 'appointment-7' });
    const otherKey = await q.send('single', { n: 3 }, { singletonKey: 'appointment-8' });
    expect(first).toEqual(expect.any(String));
    expect(duplicate).toBeNull();
    expect(otherKey).toEqual(expect.any(String));
    expect(otherKey).not.toBe(first);

    const jobs = collector();
    await q.work('single', jobs.handler);
    await jobs.until(2);
    await world.drained(q, 'single');
    expect(jobs.received.map((data) => data.n).sort()).toEqual([1, 3]);
    expect(await q.send('single', { n: 4 }, { singletonKey: 'appointment-7' })).toEqual(expect.any(String));
  });

  it('lets exactly one of many concurrent sends with the same singletonKey through', async () => {
    const q = await started();
    const ids = await Promise.all(Array.from({ length: 20 }, (_, n) => q.send('race', { n }, { singletonKey: 'same' })));
    expect(ids.filter((id) => id !== null)).toHaveLength(1);
  });

  it('retries a job whose handler throws until it succeeds', async () => {
    const q = await started();
    let attempts = 0;
    const jobs = collector(() => {
      attempts += 1;
      if (attempts < 3) throw new Error(`attempt ${attempts} fails`);
    });
    await q.work('flaky', jobs.handler);
    await q.send('flaky', { webhook: 'w-1' });
    await jobs.until(1);
    expect(attempts).toBe(3);
    expect(jobs.received).toEqual([{ webhook: 'w-1' }]);
    expect(log.warnings.length).toBeGreaterThanOrEqual(2);
  });

  it('stops (twice without harm), refuses sends while stopped, and works again after start', async () => {
    const q = await started();
    const jobs = collector();
    await q.work('restart', jobs.handler);
    await q.send('restart', { n: 1 });
    await jobs.until(1);
    await Promise.all([q.stop(), q.stop()]);
    await q.stop();
    await expect(q.send('restart', { n: 2 })).rejects.toThrow(/not started/);
    await q.start();
    await q.send('restart', { n: 3 });
    await jobs.until(2);
    expect(jobs.received).toEqual([{ n: 1 }, { n: 3 }]);
  });
});
