/**
 * The demo tenant every first run gets: Demo Company on demo.localhost, with a few resources, services, business
 * hours and customers so the API has something to show. Idempotent: a second run changes nothing.
 */
import type { Database } from '../database.ts';
import type { MigrationSet } from '../migrator/migration-files.ts';
import { createTenantProvisioner } from '../provisioning/tenant-provisioner.ts';
import type { TenantClient } from '../tenant-client/tenant-client-factory.ts';

export const DEMO_TENANT = {
  name: 'Demo Company',
  schemaName: 'demo',
  domain: 'demo.localhost',
  // BUSINESS: the demo shows all six platform plugins installed (PROFESSIONAL allows five).
  subscriptionTier: 'BUSINESS',
  isDemo: true,
  timezone: 'Europe/London',
} as const;

export interface DemoSeedResult {
  created: boolean;
  tenantId: string;
  domain: string;
}

async function seedSchedulingData(db: TenantClient): Promise<void> {
  const [alex, sam, room] = await Promise.all([
    db.resource.create({ data: { name: 'Alex (stylist)', type: 'STAFF' } }),
    db.resource.create({ data: { name: 'Sam (stylist)', type: 'STAFF' } }),
    db.resource.create({ data: { name: 'Treatment room', type: 'ROOM' } }),
  ]);
  const services = [
    { name: 'Haircut', description: 'Wash, cut and style.', durationMinutes: 45, priceCents: 4500, bufferMinutes: 15, resourceIds: [alex.id, sam.id] },
    { name: 'Colour', description: 'Full colour with toner.', durationMinutes: 90, priceCents: 9500, bufferMinutes: 15, resourceIds: [alex.id] },
    { name: 'Facial', description: 'Cleansing facial treatment.', durationMinutes: 60, priceCents: 6000, bufferMinutes: 10, resourceIds: [room.id] },
  ];
  for (const { resourceIds, ...service } of services) {
    await db.service.create({
      data: { ...service, resources: { create: resourceIds.map((resourceId) => ({ resourceId })) } },
    });
  }
  // Monday to Friday with a lunch break (split shifts), Saturday mornings; closed on Sunday.
  const hours = [0, 1, 2, 3, 4].flatMap((dayOfWeek) => [
    { dayOfWeek, opensAt: '09:00', closesAt: '12:30' },
    { dayOfWeek, opensAt: '13:30', closesAt: '18:00' },
  ]);
  hours.push({ dayOfWeek: 5, opensAt: '09:00', closesAt: '13:00' });
  await db.businessHours.createMany({ data: hours });
  await db.customer.createMany({
    data: [
      { name: 'Jamie Rivera', email: 'jamie@example.com', phone: '+44 20 7946 0001', tags: ['regular'] },
      { name: 'Priya Shah', email: 'priya@example.com', phone: '+44 20 7946 0002', tags: [] },
      { name: 'Morgan Lee', email: 'morgan@example.com', tags: ['new'] },
    ],
  });
}

export async function seedDemoTenant(database: Database, tenantMigrations: MigrationSet): Promise<DemoSeedResult> {
  const existing = await database.shared.tenant.findUnique({ where: { schemaName: DEMO_TENANT.schemaName } });
  if (existing) return { created: false, tenantId: existing.id, domain: DEMO_TENANT.domain };
  const tenant = await createTenantProvisioner({ pool: database.pool, tenantMigrations }).provision(DEMO_TENANT);
  await database.tenants.withTenant(tenant, seedSchedulingData);
  return { created: true, tenantId: tenant.id, domain: tenant.domain };
}
