import type { Role } from './roles.ts';

/**
 * Who a request acts as, from a verified access token and a live session. Guards and services receive this,
 * never the raw token. While masquerading, `userId` is the target and `actor` the real person acting as them.
 */
export interface Principal {
  userId: string;
  email: string;
  role: Role;
  /** The user's tenant; null for platform roles. */
  tenantId: string | null;
  isTemporary: boolean;
  /** The session (refresh-token family) the access token belongs to. */
  sessionId: string;
  actor?: {
    userId: string;
    email: string;
    role: Role;
    masqueradeId: string;
    /** When the masquerade ends by itself (MASQUERADE_MAX_MINUTES after it started). */
    expiresAt: Date;
  };
}
