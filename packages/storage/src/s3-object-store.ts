/**
 * The S3 driver (when S3_BUCKET is set): objects in one bucket under `tenants/<tenantId>/…`; reads are short-lived
 * presigned GET URLs, issued only after the caller's ownership check, so the bucket itself stays private.
 * Works with S3-compatible servers through an endpoint override and path-style addressing.
 */
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { parseObjectKey, parseTenantPrefix } from './object-key.ts';
import type { ObjectStore } from './object-store.ts';

export interface S3StoreOptions {
  client: S3Client;
  bucket: string;
  /** Lifetime of a presigned read URL. */
  urlTtlSeconds: number;
  /** Keys per listing page while deleting a prefix; S3's own maximum (and DeleteObjects') is 1000. */
  listPageSize?: number;
}

export interface S3ClientSettings {
  region: string;
  /** An S3-compatible server's URL; unset for AWS. */
  endpoint?: string;
  /** `<endpoint>/<bucket>/<key>` instead of `<bucket>.<endpoint>/<key>` (most S3-compatible servers want it). */
  forcePathStyle?: boolean;
  /** Unset: the SDK's default chain (AWS_ACCESS_KEY_ID…, a profile, the instance or task role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function createS3Client(settings: S3ClientSettings): S3Client {
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle ?? false,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  });
}

export function createS3ObjectStore(options: S3StoreOptions): ObjectStore {
  const { client, bucket, urlTtlSeconds } = options;
  const pageSize = Math.min(options.listPageSize ?? 1000, 1000);

  /**
   * One page of keys after `marker`. ListObjects (v1) with a marker rather than v2's continuation tokens: the same
   * on AWS, and S3-compatible servers differ less on it (s3rver's v2 tokens need DES, which OpenSSL 3 lacks).
   */
  async function listPage(prefix: string, marker: string | undefined) {
    const page = await client.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, MaxKeys: pageSize, Marker: marker }));
    const keys = (page.Contents ?? []).map((object) => object.Key).filter((key): key is string => key !== undefined);
    return { keys, next: page.IsTruncated ? keys.at(-1) : undefined };
  }

  return {
    driver: 's3',

    async put(key, body, contentType) {
      parseObjectKey(key);
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length }),
      );
    },

    async access(key, { contentType }) {
      parseObjectKey(key);
      const url = await getSignedUrl(
        client,
        // The stored type, not whatever the object was given: the bytes were checked when they came in.
        new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentType: contentType, ResponseContentDisposition: 'inline' }),
        { expiresIn: urlTtlSeconds },
      );
      return { kind: 'url', url, expiresInSeconds: urlTtlSeconds };
    },

    async delete(key) {
      parseObjectKey(key);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },

    async deletePrefix(prefix) {
      const checked = parseTenantPrefix(prefix);
      let deleted = 0;
      // Always the first page again: the previous page's keys are gone, so no marker is needed.
      for (;;) {
        const { keys } = await listPage(checked, undefined);
        if (keys.length === 0) return deleted;
        const result = await client.send(
          new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }),
        );
        if (result.Errors && result.Errors.length > 0) {
          const first = result.Errors[0]!;
          throw new Error(`S3 refused to delete ${result.Errors.length} object(s), e.g. ${first.Key}: ${first.Code} ${first.Message}`);
        }
        deleted += keys.length;
      }
    },

    async listKeys(prefix) {
      const checked = parseTenantPrefix(prefix);
      const all: string[] = [];
      let token: string | undefined;
      do {
        const page = await listPage(checked, token);
        all.push(...page.keys);
        token = page.next;
      } while (token);
      return all.sort();
    },
  };
}
