/** Host names as the platform stores and compares them: lowercase, no port, no trailing dot. */

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Reduces a Host header to the name that is looked up: port stripped, lowercased, trailing dot removed.
 * IPv6 literals keep their brackets off ("[::1]:3000" → "::1"). Returns null for an empty or malformed header.
 */
export function normalizeHost(header: string | undefined): string | null {
  if (!header) return null;
  let host = header.trim().toLowerCase();
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    if (end < 0) return null;
    host = host.slice(1, end);
    return host.length > 0 ? host : null;
  }
  const colon = host.indexOf(':');
  if (colon >= 0) {
    if (!/^\d{1,5}$/.test(host.slice(colon + 1))) return null;
    host = host.slice(0, colon);
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host.length > 0 && host.length <= 253 ? host : null;
}

/** Why a name cannot be a tenant's domain, or null when it can. */
export function domainNameProblem(domain: unknown): string | null {
  if (typeof domain !== 'string') return 'must be a string';
  if (domain.length === 0 || domain.length > 253) return 'must be 1 to 253 characters';
  if (domain !== domain.toLowerCase()) return 'must be lowercase';
  const labels = domain.split('.');
  if (labels.length < 2) return 'must have at least two labels (for example demo.localhost)';
  if (!labels.every((label) => LABEL.test(label))) {
    return 'each label must be 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen';
  }
  if (labels.every((label) => /^\d+$/.test(label))) return 'must be a host name, not an IP address';
  return null;
}
