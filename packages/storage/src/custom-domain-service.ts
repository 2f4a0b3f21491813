/**
 * Custom domains (SPEC §2, §10): a tenant on PROFESSIONAL or above may add its own host names. With Route53
 * configured, adding one upserts a CNAME to the platform's target and verification follows that change until
 * INSYNC; without it the domain stays PENDING, and says why.
 *
 * Only VERIFIED custom domains resolve to their tenant (packages/tenancy's lookup); a verification or a removal
 * clears this process's host cache at once, and the domains trigger's NOTIFY clears every other process's.
 */
import type { Principal } from '@smoothschedule/auth';
import type { PlatformTenantService } from '@smoothschedule/platform';
import { TIER_LIMITS } from '@smoothschedule/tenancy';
import type { CustomDomainRepository, DomainRow } from './custom-domain-repository.ts';
import { isUniqueViolation } from './custom-domain-repository.ts';
import type { Route53Dns } from './route53-dns.ts';
import {
  DomainNotAllowedError,
  DomainNotFoundError,
  DomainTakenError,
  PrimaryDomainError,
  TierLimitReachedError,
} from './storage-errors.ts';


export const NO_ROUTE53_MESSAGE =
  'Route53 is not configured on this platform (ROUTE53_HOSTED_ZONE_ID, PLATFORM_CNAME_TARGET, AWS_REGION), so no ' +
  'DNS record was made and the domain stays PENDING; it will not be served until it is verified.';

export interface CustomDomain {
  id: string;
  domain: string;
  tenantId: string;
  isPrimary: boolean;
  isCustomDomain: boolean;
  route53ZoneId: string | null;
  route53ChangeId: string | null;
  verificationStatus: 'PENDING' | 'VERIFIED' | 'FAILED';
  verificationError: string | null;
  verifiedAt: string | null;
  createdAt: string;
  /** What the status means for the person looking at it. */
  message: string;
}

export interface CustomDomainServiceOptions {
  domains: CustomDomainRepository;
  platformTenants: PlatformTenantService;
  /** Null when Route53 is not configured. */
  dns: Route53Dns | null;
  /** Hosts of the platform itself: neither they nor their subdomains can be a tenant's custom domain. */
  platformHosts: readonly string[];
  /** Clears this process's host → tenant cache. */
  onDomainsChanged(): void;
}

function messageFor(row: DomainRow, dns: Route53Dns | null): string {
  if (!row.isCustomDomain) return 'Platform-assigned domain: always served.';
  switch (row.verificationStatus) {
    case 'VERIFIED':
      return 'Verified: the domain is served.';
    case 'FAILED':
      return `Verification failed: ${row.verificationError ?? 'unknown reason'}. Verify again to retry.`;
    case 'PENDING':
      if (!dns) return NO_ROUTE53_MESSAGE;
      return row.route53ChangeId
        ? `The CNAME to ${dns.cnameTarget} is propagating (Route53 change ${row.route53ChangeId}); verify again shortly.`
        : `No DNS change has been made yet; verify to create the CNAME to ${dns.cnameTarget}.`;
  }
}

function errorText(error: unknown): string {
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  return `${name ?? 'Error'}: ${message ?? String(error)}`.slice(0, 500);
}

export function createCustomDomainService(options: CustomDomainServiceOptions) {
  const { domains, platformTenants, dns } = options;

  const toCustomDomain = (row: DomainRow): CustomDomain => ({
    id: row.id,
    domain: row.domain,
    tenantId: row.tenantId,
    isPrimary: row.isPrimary,
    isCustomDomain: row.isCustomDomain,
    route53ZoneId: row.route53ZoneId,
    route53ChangeId: row.route53ChangeId,
    verificationStatus: row.verificationStatus,
    verificationError: row.verificationError,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    message: messageFor(row, dns),
  });

  /** The domain, if the principal manages its tenant; missing and out of reach are the same 404. */
  async function load(principal: Principal, id: string): Promise<DomainRow> {
    const row = await domains.findById(id);
    if (!row) throw new DomainNotFoundError();
    try {
      await platformTenants.requireManageable(principal, row.tenantId);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) throw new DomainNotFoundError();
      throw error;
    }
    return row;
  }

  /** Upserts the CNAME; a refusal marks the domain FAILED with Route53's reason instead of failing the request. */
  async function upsert(row: DomainRow): Promise<DomainRow> {
    if (!dns) return row;
    try {
      const { changeId } = await dns.upsertCname(row.domain);
      return domains.update(row.id, { route53ChangeId: changeId, verificationStatus: 'PENDING', verificationError: null });
    } catch (error) {
      return domains.update(row.id, { verificationStatus: 'FAILED', verificationError: `Route53 refused the CNAME: ${errorText(error)}` });
    }
  }

  function assertAllowedHost(domain: string): void {
    for (const host of options.platformHosts) {
      if (domain === host || domain.endsWith(`.${host}`)) {
        throw new DomainNotAllowedError(`"${domain}" is a platform host or one of its subdomains`);
      }
    }
    if (dns && (domain === dns.cnameTarget || domain.endsWith(`.${dns.cnameTarget}`))) {
      throw new DomainNotAllowedError(`"${domain}" is the platform's CNAME target or one of its subdomains`);
    }
  }

  return {
    async list(principal: Principal, tenantId: string): Promise<CustomDomain[]> {
      await platformTenants.requireManageable(principal, tenantId);
      return (await domains.listForTenant(tenantId)).map(toCustomDomain);
    },

    /** `domain` is already a valid, lowercase host name (the route's schema). */
    async add(principal: Principal, tenantId: string, domain: string): Promise<CustomDomain> {
      const tenant = await platformTenants.requireManageable(principal, tenantId);
      if (!TIER_LIMITS[tenant.subscriptionTier].customDomains) {
        throw new TierLimitReachedError(`Custom domains need the PROFESSIONAL tier or above (this tenant is ${tenant.subscriptionTier})`);
      }
      assertAllowedHost(domain);
      let row: DomainRow;
      try {
        row = await domains.createCustom(tenantId, domain, dns?.hostedZoneId ?? null);
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainTakenError(domain);
        throw error;
      }
      return toCustomDomain(await upsert(row));
    },

    /**
     * Follows the domain's Route53 change until INSYNC (bounded polls), then marks it VERIFIED and serves it at
     * once. A domain without a change (none made yet, or the last attempt failed) gets its CNAME upserted first.
     */
    async verify(principal: Principal, id: string): Promise<CustomDomain> {
      let row = await load(principal, id);
      if (!row.isCustomDomain) throw new PrimaryDomainError();
      if (!dns) return toCustomDomain(row);
      if (!row.route53ChangeId || row.verificationStatus === 'FAILED') {
        row = await upsert(row);
        if (row.verificationStatus === 'FAILED') return toCustomDomain(row);
      }
      let status;
      try {
        status = await dns.waitForInsync(row.route53ChangeId!);
      } catch (error) {
        row = await domains.update(row.id, { verificationStatus: 'FAILED', verificationError: `Route53 GetChange failed: ${errorText(error)}`, verifiedAt: null });
        options.onDomainsChanged();
        return toCustomDomain(row);
      }
      if (status !== 'INSYNC') return toCustomDomain(row);
      row = await domains.update(row.id, { verificationStatus: 'VERIFIED', verificationError: null, verifiedAt: new Date() });
      options.onDomainsChanged();
      return toCustomDomain(row);
    },

    /** Deletes the CNAME first (a failure keeps the row, so the removal can be retried), then the row. */
    async remove(principal: Principal, id: string): Promise<void> {
      const row = await load(principal, id);
      if (row.isPrimary || !row.isCustomDomain) throw new PrimaryDomainError();
      if (row.route53ZoneId && dns) await dns.deleteCname(row.domain);
      await domains.delete(row.id);
      options.onDomainsChanged();
    },
  };
}

export type CustomDomainService = ReturnType<typeof createCustomDomainService>;

/** For the platform's tenant deletion: the tenant's CNAMEs go; the rows go with the tenant (cascade). */
export function purgeTenantDnsRecords(domains: CustomDomainRepository, dns: Route53Dns | null) {
  return async (tenant: { id: string }): Promise<void> => {
    if (!dns) return;
    for (const row of await domains.listCustomInZone(tenant.id)) await dns.deleteCname(row.domain);
  };
}
