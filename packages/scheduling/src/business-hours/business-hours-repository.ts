/** The business_hours table. The tenant client comes in as an argument. */
import type { TenantClient, TenantPrisma } from '@smoothschedule/db';

export interface BusinessHoursWrite {
  dayOfWeek?: number;
  opensAt?: string;
  closesAt?: string;
}

export function createBusinessHoursRepository(db: TenantClient) {
  return {
    list(where: TenantPrisma.BusinessHoursWhereInput, orderBy: TenantPrisma.BusinessHoursOrderByWithRelationInput[], take: number) {
      return db.businessHours.findMany({ where, orderBy, take });
    },
    findById(id: string) {
      return db.businessHours.findUnique({ where: { id } });
    },
    /** The shifts of one day of the week, earliest first. */
    forDay(dayOfWeek: number) {
      return db.businessHours.findMany({ where: { dayOfWeek }, orderBy: [{ opensAt: 'asc' }, { id: 'asc' }] });
    },
    create(data: Required<BusinessHoursWrite>) {
      return db.businessHours.create({ data });
    },
    update(id: string, data: BusinessHoursWrite) {
      return db.businessHours.update({ where: { id }, data });
    },
    delete(id: string) {
      return db.businessHours.delete({ where: { id } });
    },
  };
}
