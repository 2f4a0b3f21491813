/**
 * Typed settings for the drivers, built by apps/api from its configuration (packages never read the
 * environment), and the factories that turn them into an object store and a Route53 DNS client.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Route53Client } from '@aws-sdk/client-route-53';
import { createLocalDiskStore } from './local-disk-store.ts';
import type { ObjectStore } from './object-store.ts';
import { createRoute53Client, createRoute53Dns, type Route53Dns, type Route53DnsOptions } from './route53-dns.ts';
import { createS3Client, createS3ObjectStore, type S3ClientSettings } from './s3-object-store.ts';

export type MediaStorageSettings =
  | { driver: 'local'; root: string }
  | ({ driver: 's3'; bucket: string; urlTtlSeconds: number; client?: S3Client } & S3ClientSettings);

export interface Route53Settings {
  region: string;
  hostedZoneId: string;
  cnameTarget: string;
  client?: Route53Client;
}

export function createObjectStore(settings: MediaStorageSettings): ObjectStore {
  if (settings.driver === 'local') return createLocalDiskStore({ root: settings.root });
  return createS3ObjectStore({
    client: settings.client ?? createS3Client(settings),
    bucket: settings.bucket,
    urlTtlSeconds: settings.urlTtlSeconds,
  });
}

/** Null without settings: custom domains then stay PENDING, and say so. */
export function createDomainDns(
  settings: Route53Settings | null,
  tuning: Partial<Omit<Route53DnsOptions, 'client' | 'hostedZoneId' | 'cnameTarget'>> = {},
): Route53Dns | null {
  if (!settings) return null;
  return createRoute53Dns({
    ...tuning,
    client: settings.client ?? createRoute53Client(settings.region),
    hostedZoneId: settings.hostedZoneId,
    cnameTarget: settings.cnameTarget,
  });
}
