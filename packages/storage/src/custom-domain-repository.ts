/** public.domains as the custom-domain service reads and changes it, through the shared client it is given. */
import type { SharedClient } from '@smoothschedule/db';

export interface DomainRow {
  id: string;
  domain: string;
  tenantId: string;
  isPrimary: boolean;
  isCustomDomain: boolean;
  route53ZoneId: string | null;
  route53ChangeId: string | null;
  verificationStatus: 'PENDING' | 'VERIFIED' | 'FAILED';
  verificationError: string | null;
  verifiedAt: Date | null;
  createdAt: Date;
}

const UNIQUE_VIOLATION = 'P2002';

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === UNIQUE_VIOLATION;
}

export function createCustomDomainRepository(shared: SharedClient) {
  return {
    createCustom(tenantId: string, domain: string, route53ZoneId: string | null): Promise<DomainRow> {
      return shared.domain.create({
        data: { tenantId, domain, isPrimary: false, isCustomDomain: true, route53ZoneId, verificationStatus: 'PENDING' },
      });
    },
    findById(id: string): Promise<DomainRow | null> {
      return shared.domain.findUnique({ where: { id } });
    },
    listForTenant(tenantId: string): Promise<DomainRow[]> {
      return shared.domain.findMany({ where: { tenantId }, orderBy: [{ isPrimary: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }] });
    },
    listCustomInZone(tenantId: string): Promise<DomainRow[]> {
      return shared.domain.findMany({ where: { tenantId, isCustomDomain: true, route53ZoneId: { not: null } } });
    },
    update(id: string, changes: Partial<Pick<DomainRow, 'route53ChangeId' | 'verificationStatus' | 'verificationError' | 'verifiedAt'>>): Promise<DomainRow> {
      return shared.domain.update({ where: { id }, data: changes });
    },
    async delete(id: string): Promise<void> {
      await shared.domain.deleteMany({ where: { id } });
    },
  };
}

export type CustomDomainRepository = ReturnType<typeof createCustomDomainRepository>;
