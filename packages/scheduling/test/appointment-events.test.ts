import { describe, expect, it } from 'vitest';
import { createAppointmentEventBus, type AppointmentEvent } from '../src/appointment-events.ts';

const event = (type: AppointmentEvent['type']): AppointmentEvent => ({
  type, tenantId: 't', schemaName: 's', actorUserId: null, occurredAt: '2026-01-01T00:00:00.000Z',
  appointment: { id: 'a' } as AppointmentEvent['appointment'],
});

describe('appointment event bus', () => {
  it('delivers after publish returns, to every listener, and stops after unsubscribe', async () => {
    const errors: unknown[] = [];
    const bus = createAppointmentEventBus((error) => errors.push(error));
    const seen: string[] = [];
    const off = bus.onAppointmentEvent((e) => {
      seen.push(`one:${e.type}`);
    });
    bus.onAppointmentEvent(async (e) => {
      seen.push(`two:${e.type}`);
    });
    bus.publish(event('created'));
    expect(seen).toEqual([]);
    await bus.idle();
    expect(seen.sort()).toEqual(['one:created', 'two:created']);
    off();
    bus.publish(event('confirmed'));
    await bus.idle();
    expect(seen.filter((entry) => entry.endsWith('confirmed'))).toEqual(['two:confirmed']);
    expect(errors).toEqual([]);
  });

  it('reports a listener that throws or rejects, and keeps delivering to the rest', async () => {
    const errors: unknown[] = [];
    const bus = createAppointmentEventBus((error) => errors.push(error));
    const seen: string[] = [];
    bus.onAppointmentEvent(() => {
      throw new Error('sync');
    });
    bus.onAppointmentEvent(async () => {
      throw new Error('async');
    });
    bus.onAppointmentEvent((e) => {
      seen.push(e.type);
    });
    bus.publish(event('cancelled'));
    await bus.idle();
    expect(seen).toEqual(['cancelled']);
    expect(errors.map((error) => (error as Error).message).sort()).toEqual(['async', 'sync']);
  });
});
