/**
 * The storage interface both drivers implement. Keys are always made by object-key.ts; drivers re-check them.
 */
import type { Readable } from 'node:stream';

/** How a client gets an object's bytes: a short-lived presigned URL (S3), or a stream through the API (local). */
export type ObjectAccess =
  | { kind: 'url'; url: string; expiresInSeconds: number }
  | { kind: 'stream'; body: Readable; sizeBytes: number };

export interface ObjectStore {
  readonly driver: 'local' | 's3';
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** Access to one object, or null when the driver can tell it is missing. */
  access(key: string, options: { contentType: string }): Promise<ObjectAccess | null>;
  /** Removes one object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Removes every object under `tenants/<tenantId>/`; returns how many. Idempotent. */
  deletePrefix(prefix: string): Promise<number>;
  /** Every key under a tenant prefix, sorted. */
  listKeys(prefix: string): Promise<string[]>;
}
