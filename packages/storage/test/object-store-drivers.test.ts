/**
 * Both drivers against real storage: the local driver on the real disk (a temporary folder), the S3 driver against
 * s3rver, an S3-compatible server running on loopback. One contract, run on each; then what is particular to each.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalDiskStore } from '../src/local-disk-store.ts';
import { InvalidObjectKeyError, tenantObjectKey, tenantPrefix } from '../src/object-key.ts';
import type { ObjectAccess, ObjectStore } from '../src/object-store.ts';
import { createS3ObjectStore } from '../src/s3-object-store.ts';
import { IMAGES } from './image-fixtures.ts';
import { startS3TestServer, type S3TestServer } from './s3-test-server.ts';

const A = '0b6c2d4e-1f3a-4b5c-8d7e-9f0a1b2c3d4e';
const B = '7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d';

let root: string;
let s3: S3TestServer;
const stores: Record<'local' | 's3', ObjectStore> = {} as never;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'ss-media-'));
  stores.local = createLocalDiskStore({ root });
  s3 = await startS3TestServer();
  await s3.createBucket('media');
  stores.s3 = createS3ObjectStore({ client: s3.client, bucket: 'media', urlTtlSeconds: 120, listPageSize: 2 });
});

afterAll(async () => {
  await s3?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function bytesOf(access: ObjectAccess | null): Promise<{ bytes: Buffer; contentType: string | null }> {
  if (!access) throw new Error('no access');
  if (access.kind === 'stream') {
    const chunks: Buffer[] = [];
    for await (const chunk of access.body as Readable) chunks.push(chunk as Buffer);
    return { bytes: Buffer.concat(chunks), contentType: null };
  }
  const response = await fetch(access.url);
  expect(response.status).toBe(200);
  return { bytes: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') };
}

describe.each(['local', 's3'] as const)('the %s driver', (driver) => {
  const store = () => stores[driver];

  it('stores bytes and gives them back', async () => {
    const key = tenantObjectKey(A, 'media', `${driver}-roundtrip.png`);
    await store().put(key, IMAGES.png, 'image/png');
    const { bytes } = await bytesOf(await store().access(key, { contentType: 'image/png' }));
    expect(bytes.equals(IMAGES.png)).toBe(true);
  });

  it('replaces an object written again under the same key', async () => {
    const key = tenantObjectKey(A, 'media', `${driver}-replace.gif`);
    await store().put(key, IMAGES.png, 'image/png');
    await store().put(key, IMAGES.gif, 'image/gif');
    const { bytes } = await bytesOf(await store().access(key, { contentType: 'image/gif' }));
    expect(bytes.equals(IMAGES.gif)).toBe(true);
  });

  it('deletes one object, and deleting it again is fine', async () => {
    const key = tenantObjectKey(A, 'media', `${driver}-delete.png`);
    await store().put(key, IMAGES.png, 'image/png');
    await store().delete(key);
    await store().delete(key);
    expect(await store().listKeys(tenantPrefix(A))).not.toContain(key);
  });

  it("deletes a tenant's prefix, every page of it, and nothing of another tenant", async () => {
    const mine = Array.from({ length: 5 }, (_, index) => tenantObjectKey(B, 'media', `${driver}-${index}.png`));
    const other = tenantObjectKey(A, 'media', `${driver}-survivor.png`);
    for (const key of [...mine, other]) await store().put(key, IMAGES.png, 'image/png');
    expect(await store().listKeys(tenantPrefix(B))).toEqual([...mine].sort());
    expect(await store().deletePrefix(tenantPrefix(B))).toBe(5);
    expect(await store().listKeys(tenantPrefix(B))).toEqual([]);
    expect(await store().listKeys(tenantPrefix(A))).toContain(other);
    expect(await store().deletePrefix(tenantPrefix(B))).toBe(0);
  });

  it.each([
    `tenants/${A}/../${B}/media/x.png`,
    `tenants/${A}/media/..%2f..%2fx`,
    '/etc/passwd',
    `tenants/${A}/media\\..\\x`,
    `tenants/${A}/media/x\0.png`,
  ])('refuses the hostile key %j on every operation', async (key) => {
    await expect(store().put(key, IMAGES.png, 'image/png')).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await expect(store().access(key, { contentType: 'image/png' })).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await expect(store().delete(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
  });

  it.each(['tenants/', '', `tenants/${A}/media/`, '../'])('refuses to delete under the prefix %j', async (prefix) => {
    await expect(store().deletePrefix(prefix)).rejects.toBeInstanceOf(InvalidObjectKeyError);
  });
});

describe('the local driver on disk', () => {
  it('writes the file at <root>/tenants/<tenantId>/…, and nothing outside the root', async () => {
    const key = tenantObjectKey(A, 'media', 'on-disk.webp');
    await stores.local.put(key, IMAGES.webp, 'image/webp');
    expect(readFileSync(path.join(root, 'tenants', A, 'media', 'on-disk.webp')).equals(IMAGES.webp)).toBe(true);
    expect(existsSync(path.join(path.dirname(root), 'tenants'))).toBe(false);
  });

  it('answers null for a missing object, and streams with the size', async () => {
    expect(await stores.local.access(tenantObjectKey(A, 'media', 'missing.png'), { contentType: 'image/png' })).toBeNull();
    const key = tenantObjectKey(A, 'media', 'sized.jpg');
    await stores.local.put(key, IMAGES.jpeg, 'image/jpeg');
    const access = await stores.local.access(key, { contentType: 'image/jpeg' });
    expect(access).toMatchObject({ kind: 'stream', sizeBytes: IMAGES.jpeg.length });
    await bytesOf(access);
  });

  it('does not list half-written (temporary) files', async () => {
    const folder = path.join(root, 'tenants', A, 'media');
    writeFileSync(path.join(folder, '.partial.png.abc.tmp'), 'x');
    expect((await stores.local.listKeys(tenantPrefix(A))).some((key) => key.includes('partial'))).toBe(false);
  });
});

describe('the S3 driver against s3rver', () => {
  it('answers a presigned GET URL that expires, serving the stored type', async () => {
    const key = tenantObjectKey(A, 'media', 'presigned.png');
    await stores.s3.put(key, IMAGES.png, 'image/png');
    const access = await stores.s3.access(key, { contentType: 'image/png' });
    expect(access).toMatchObject({ kind: 'url', expiresInSeconds: 120 });
    const url = new URL((access as { url: string }).url);
    expect(url.pathname).toBe(`/media/${key}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('120');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    const { bytes, contentType } = await bytesOf(access);
    expect(bytes.equals(IMAGES.png)).toBe(true);
    expect(contentType).toBe('image/png');
  });
});
