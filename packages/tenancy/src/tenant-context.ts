/** What a request knows about the tenant it serves. */
export interface TenantContext {
  id: string;
  name: string;
  schemaName: string;
  subscriptionTier: 'FREE' | 'PROFESSIONAL' | 'BUSINESS' | 'ENTERPRISE';
  status: 'ACTIVE' | 'TRIAL' | 'SUSPENDED';
  isDemo: boolean;
  timezone: string;
}
