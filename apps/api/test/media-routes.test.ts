/**
 * /api/media through the real app: who may upload what (every role), the size limit (413), types from the bytes
 * (415), bad requests (400), reads that stream (local disk) or redirect to a presigned URL (S3, against s3rver),
 * and tenant B never reaching tenant A's media (404).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createS3Client, createS3ObjectStore } from '@smoothschedule/storage';
import { CreateBucketCommand, ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { pino } from 'pino';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { createApiFixture, TENANT_A, TENANT_B, testConfig, type ApiFixture } from './api-test-app.ts';
import { createUser, login, tenantIdOf } from './auth-test-support.ts';
import { IMAGES } from '../../../packages/storage/test/image-fixtures.ts';
import { loginCast, PLATFORM, type Person } from './platform-test-support.ts';

const MAX_BYTES = 4096;
let fixture: ApiFixture;
let app: App;
let mediaRoot: string;
let tokens: Record<Person, string>;
let ownerB: string;
const ids = { a: '', b: '', resourceA: '', resourceB: '' };

beforeAll(async () => {
  fixture = await createApiFixture();
  ids.a = await tenantIdOf(fixture.database, TENANT_A.schemaName);
  ids.b = await tenantIdOf(fixture.database, TENANT_B.schemaName);
  ids.resourceA = (await fixture.database.tenants.forSchema(TENANT_A.schemaName).resource.create({ data: { name: 'Chair 1', type: 'EQUIPMENT' } })).id;
  ids.resourceB = (await fixture.database.tenants.forSchema(TENANT_B.schemaName).resource.create({ data: { name: 'Room B', type: 'ROOM' } })).id;
  mediaRoot = mkdtempSync(path.join(tmpdir(), 'ss-media-routes-'));
  app = await buildApp({
    config: testConfig(fixture.testDb.url, { MEDIA_STORAGE_DIR: mediaRoot, MEDIA_MAX_UPLOAD_BYTES: String(MAX_BYTES) }),
    database: fixture.database,
    logger: pino({ level: 'silent' }),
  });
  await app.ready();
  tokens = await loginCast(app, fixture.database, { id: ids.a, host: TENANT_A.domain }, 'media');
  await createUser(fixture.database, { email: 'owner-b@tenant.example.com', role: 'TENANT_OWNER', tenantId: ids.b });
  ownerB = (await login(app, TENANT_B.domain, 'owner-b@tenant.example.com')).accessToken;
});

afterAll(async () => {
  await app?.close();
  await fixture?.close();
  if (mediaRoot) rmSync(mediaRoot, { recursive: true, force: true });
});

interface Part {
  name?: string;
  filename?: string;
  contentType?: string;
  body: Buffer | string;
}

/** A multipart/form-data body built by hand, so that the tests control every byte and header. */
export function multipart(parts: Part[]) {
  const boundary = `----ss${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name ?? 'file'}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.contentType ? `Content-Type: ${part.contentType}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(part.body) ? part.body : Buffer.from(part.body));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function upload(query: string, file: Part | Part[], auth: { token: string; host: string } | null = null) {
  const { payload, contentType } = multipart(Array.isArray(file) ? file : [file]);
  const who = auth ?? { token: tokens.owner, host: TENANT_A.domain };
  return app.inject({
    method: 'POST',
    url: `/api/media${query}`,
    payload,
    headers: { host: who.host, authorization: `Bearer ${who.token}`, 'content-type': contentType },
  });
}

const png = (filename = 'logo.png'): Part => ({ filename, contentType: 'image/png', body: IMAGES.png });
const rowsIn = (schema: string) => fixture.database.tenants.forSchema(schema).media.count();
const filesOf = (tenantId: string) => {
  const folder = path.join(mediaRoot, 'tenants', tenantId, 'media');
  return existsSync(folder) ? readdirSync(folder).length : 0;
};

describe('who may upload (tenant A\'s host)', () => {
  // Platform sales reach demo tenants only: on a regular tenant's host their token is refused (401).
  const LOGO: Record<Person, number> = { root: 201, manager: 201, sales: 401, support: 403, owner: 201, tmanager: 403, staff: 403, customer: 403 };
  const PHOTO: Record<Person, number> = { root: 201, manager: 201, sales: 401, support: 403, owner: 201, tmanager: 201, staff: 403, customer: 403 };
  const cases = (Object.keys(LOGO) as Person[]).flatMap((as) => [
    { as, kind: 'logo', query: '?kind=logo', status: LOGO[as] },
    { as, kind: 'resource-photo', query: '?kind=resource-photo&resourceId=RESOURCE_A', status: PHOTO[as] },
  ]);

  it.each(cases)('$as uploads a $kind → $status', async ({ as, query, status }) => {
    const before = await rowsIn(TENANT_A.schemaName);
    // The resource exists only once beforeAll has run, after the cases were collected.
    const resolved = query.replace('RESOURCE_A', ids.resourceA);
    const response = await upload(resolved, png(), { token: tokens[as], host: TENANT_A.domain });
    expect(response.statusCode, response.body).toBe(status);
    expect(await rowsIn(TENANT_A.schemaName)).toBe(before + (status === 201 ? 1 : 0));
  });

  it('answers 401 without a token and 404 TENANT_CONTEXT_REQUIRED on a platform host', async () => {
    const { payload, contentType } = multipart([png()]);
    const anonymous = await app.inject({ method: 'POST', url: '/api/media?kind=logo', payload, headers: { host: TENANT_A.domain, 'content-type': contentType } });
    expect(anonymous.statusCode).toBe(401);
    const platform = await upload('?kind=logo', png(), { token: tokens.root, host: PLATFORM });
    expect(platform.statusCode).toBe(404);
    expect(platform.json().error.code).toBe('TENANT_CONTEXT_REQUIRED');
  });
});

describe('what may be uploaded', () => {
  it('stores the type read from the bytes, whatever the name and declared type say', async () => {
    const response = await upload('?kind=logo', { filename: '../../etc/passwd.txt', contentType: 'text/plain', body: IMAGES.gif });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ kind: 'TENANT_LOGO', contentType: 'image/gif', sizeBytes: IMAGES.gif.length, originalName: 'passwd.txt' });
    const row = await fixture.database.tenants.forSchema(TENANT_A.schemaName).media.findUniqueOrThrow({ where: { id: response.json().id } });
    expect(row.objectKey).toBe(`tenants/${ids.a}/media/${row.id}.gif`);
  });

  it.each([
    ['a text file named .png', { filename: 'logo.png', contentType: 'image/png', body: 'just text' }],
    ['an SVG', { filename: 'logo.svg', contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' }],
    ['HTML', { filename: 'logo.png', contentType: 'image/png', body: '<html><script>alert(1)</script></html>' }],
    ['a PDF', { filename: 'logo.png', contentType: 'image/png', body: '%PDF-1.7 …' }],
  ])('refuses %s with 415 UNSUPPORTED_MEDIA_TYPE, storing nothing', async (_name, file) => {
    const [rows, files] = [await rowsIn(TENANT_A.schemaName), filesOf(ids.a)];
    const response = await upload('?kind=logo', file);
    expect(response.statusCode).toBe(415);
    expect(response.json().error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('image/png') });
    expect([await rowsIn(TENANT_A.schemaName), filesOf(ids.a)]).toEqual([rows, files]);
  });

  it('refuses a file over the limit with 413 MEDIA_TOO_LARGE, storing nothing', async () => {
    const [rows, files] = [await rowsIn(TENANT_A.schemaName), filesOf(ids.a)];
    const big = Buffer.concat([IMAGES.png, Buffer.alloc(MAX_BYTES)]);
    const response = await upload('?kind=logo', { filename: 'big.png', contentType: 'image/png', body: big });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('MEDIA_TOO_LARGE');
    expect([await rowsIn(TENANT_A.schemaName), filesOf(ids.a)]).toEqual([rows, files]);
  });

  it('accepts a file of exactly the limit', async () => {
    const exact = Buffer.concat([IMAGES.png, Buffer.alloc(MAX_BYTES - IMAGES.png.length)]);
    expect((await upload('?kind=logo', { filename: 'exact.png', contentType: 'image/png', body: exact })).statusCode).toBe(201);
  });

  it.each([
    ['no kind', '', 'querystring.kind'],
    ['an unknown kind', '?kind=avatar', 'querystring.kind'],
    ['a photo without its resource', '?kind=resource-photo', 'querystring.resourceId'],
    ['a logo with a resource', `?kind=logo&resourceId=00000000-0000-4000-8000-000000000000`, 'querystring.resourceId'],
    ['a malformed resource id', '?kind=resource-photo&resourceId=../../x', 'querystring.resourceId'],
  ])('refuses %s with 400 naming the field', async (_name, query, field) => {
    const response = await upload(query, png());
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.map((issue: { path: string }) => issue.path)).toContain(field);
  });

  it('answers 404 RESOURCE_NOT_FOUND for a resource of another tenant or none', async () => {
    for (const resourceId of [ids.resourceB, '00000000-0000-4000-8000-000000000000']) {
      const response = await upload(`?kind=resource-photo&resourceId=${resourceId}`, png());
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('RESOURCE_NOT_FOUND');
    }
  });

  it('refuses an empty file (400), a form without a file (400) and a body that is not multipart (415)', async () => {
    const empty = await upload('?kind=logo', { filename: 'e.png', contentType: 'image/png', body: Buffer.alloc(0) });
    expect([empty.statusCode, empty.json().error.code]).toEqual([400, 'EMPTY_FILE']);
    const noFile = await upload('?kind=logo', { name: 'note', body: 'hello' });
    expect([noFile.statusCode, noFile.json().error.code]).toEqual([400, 'FILE_REQUIRED']);
    const json = await app.inject({
      method: 'POST', url: '/api/media?kind=logo', payload: { file: 'x' },
      headers: { host: TENANT_A.domain, authorization: `Bearer ${tokens.owner}` },
    });
    expect([json.statusCode, json.json().error.code]).toEqual([415, 'MULTIPART_REQUIRED']);
    const raw = await app.inject({
      method: 'POST', url: '/api/media?kind=logo', payload: IMAGES.png,
      headers: { host: TENANT_A.domain, authorization: `Bearer ${tokens.owner}`, 'content-type': 'image/png' },
    });
    expect(raw.statusCode).toBe(415);
  });

  it.each([
    ['a second file', [png('a.png'), png('b.png')]],
    ['a file under another name', [{ ...png(), name: 'upload' }]],
  ])('refuses %s with 400 ONE_FILE_ONLY, storing nothing', async (_name, parts) => {
    const [rows, files] = [await rowsIn(TENANT_A.schemaName), filesOf(ids.a)];
    const response = await upload('?kind=logo', parts);
    expect([response.statusCode, response.json().error.code]).toEqual([400, 'ONE_FILE_ONLY']);
    expect([await rowsIn(TENANT_A.schemaName), filesOf(ids.a)]).toEqual([rows, files]);
  });

  it('accepts form fields next to the file', async () => {
    const response = await upload('?kind=logo', [{ name: 'caption', body: 'our logo' }, png()]);
    expect(response.statusCode, response.body).toBe(201);
  });
});

describe('reading and deleting', () => {
  let mediaId: string;

  beforeAll(async () => {
    mediaId = (await upload('?kind=logo', { filename: 'read.webp', contentType: 'image/webp', body: IMAGES.webp })).json().id;
  });

  it('streams the bytes from the local disk to any user of the tenant, with the stored type and nosniff', async () => {
    for (const as of ['owner', 'staff', 'customer'] as const) {
      const response = await app.inject({ url: `/api/media/${mediaId}`, headers: { host: TENANT_A.domain, authorization: `Bearer ${tokens[as]}` } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('image/webp');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.rawPayload.equals(IMAGES.webp)).toBe(true);
    }
  });

  it('lists the tenant\'s media', async () => {
    const response = await app.inject({ url: '/api/media?kind=logo&limit=100', headers: { host: TENANT_A.domain, authorization: `Bearer ${tokens.staff}` } });
    expect(response.statusCode).toBe(200);
    const listed = response.json().media as Array<{ id: string; kind: string }>;
    expect(listed.map((item) => item.id)).toContain(mediaId);
    expect(listed.every((item) => item.kind === 'TENANT_LOGO')).toBe(true);
  });

  it("tenant B never reaches tenant A's media: read, delete and list answer as if it did not exist", async () => {
    const asB = { host: TENANT_B.domain, authorization: `Bearer ${ownerB}` };
    const read = await app.inject({ url: `/api/media/${mediaId}`, headers: asB });
    expect([read.statusCode, read.json().error.code]).toEqual([404, 'MEDIA_NOT_FOUND']);
    const remove = await app.inject({ method: 'DELETE', url: `/api/media/${mediaId}`, headers: asB });
    expect(remove.statusCode).toBe(404);
    const list = await app.inject({ url: '/api/media', headers: asB });
    expect(list.json().media.map((item: { id: string }) => item.id)).not.toContain(mediaId);
    // A's token on B's host is refused outright.
    const crossHost = await app.inject({ url: `/api/media/${mediaId}`, headers: { host: TENANT_B.domain, authorization: `Bearer ${tokens.owner}` } });
    expect(crossHost.statusCode).toBe(401);
    const stillThere = await app.inject({ url: `/api/media/${mediaId}`, headers: { host: TENANT_A.domain, authorization: `Bearer ${tokens.owner}` } });
    expect(stillThere.statusCode).toBe(200);
  });

  it('a row whose key points outside its tenant is not served (ownership check on the key too)', async () => {
    const planted = await fixture.database.tenants.forSchema(TENANT_B.schemaName).media.create({
      data: { kind: 'TENANT_LOGO', objectKey: `tenants/${ids.a}/media/${mediaId}.webp`, contentType: 'image/webp', sizeBytes: 10 },
    });
    const response = await app.inject({ url: `/api/media/${planted.id}`, headers: { host: TENANT_B.domain, authorization: `Bearer ${ownerB}` } });
    expect(response.statusCode).toBe(404);
  });

  it('deleting needs the upload permission, then removes the file and the row', async () => {
    const asStaff = await app.inject({ method: 'DELETE', url: `/api/media/${mediaId}`, headers: { host: TENANT_A.domain, authorization: `Bearer ${tokens.staff}` } });
    expect(asStaff.statusCode).toBe(403);
    const file = path.join(mediaRoot, 'tenants', ids.a, 'media', `${mediaId}.webp`);
    expect(existsSync(file)).toBe(true);
    const asOwner = await app.inject({ method: 'DELETE', url: `/api/media/${mediaId}`, headers: { host: TENANT_A.domain, authorization: `Bearer ${tokens.owner}` } });
    expect(asOwner.statusCode).toBe(204);
    expect(existsSync(file)).toBe(false);
    const read = await app.inject({ url: `/api/media/${mediaId}`, headers: { host: TENANT_A.domain, authorization: `Bearer ${tokens.owner}` } });
    expect(read.statusCode).toBe(404);
  });
});

describe('with the S3 driver (s3rver on loopback)', () => {
  let s3App: App;
  let server: S3rver;
  let client: S3Client;
  let s3Dir: string;

  beforeAll(async () => {
    s3Dir = mkdtempSync(path.join(tmpdir(), 'ss-s3-api-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Dir });
    const { port } = await server.run();
    client = createS3Client({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await client.send(new CreateBucketCommand({ Bucket: 'ss-media' }));
    s3App = await buildApp({
      config: testConfig(fixture.testDb.url),
      database: fixture.database,
      logger: pino({ level: 'silent' }),
      overrides: { objectStore: createS3ObjectStore({ client, bucket: 'ss-media', urlTtlSeconds: 60 }) },
    });
    await s3App.ready();
  });

  afterAll(async () => {
    await s3App?.close();
    client?.destroy();
    await server?.close();
    if (s3Dir) rmSync(s3Dir, { recursive: true, force: true });
  });

  it("uploads into the bucket under the tenant's prefix, and reads answer 302 to a presigned URL that serves the bytes", async () => {
    const token = (await login(s3App, TENANT_A.domain, 'media-owner@tenant.example.com')).accessToken;
    const { payload, contentType } = multipart([{ filename: 'photo.jpg', contentType: 'image/jpeg', body: IMAGES.jpeg }]);
    const created = await s3App.inject({
      method: 'POST', url: `/api/media?kind=resource-photo&resourceId=${ids.resourceA}`, payload,
      headers: { host: TENANT_A.domain, authorization: `Bearer ${token}`, 'content-type': contentType },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const listed = await client.send(new ListObjectsCommand({ Bucket: 'ss-media', Prefix: `tenants/${ids.a}/` }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual([`tenants/${ids.a}/media/${id}.jpg`]);

    const read = await s3App.inject({ url: `/api/media/${id}`, headers: { host: TENANT_A.domain, authorization: `Bearer ${token}` } });
    expect(read.statusCode).toBe(302);
    expect(read.json()).toEqual({ url: read.headers.location, expiresInSeconds: 60 });
    const fetched = await fetch(read.headers.location as string);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await fetched.arrayBuffer()).equals(IMAGES.jpeg)).toBe(true);

    const tokenB = (await login(s3App, TENANT_B.domain, 'owner-b@tenant.example.com')).accessToken;
    const other = await s3App.inject({ url: `/api/media/${id}`, headers: { host: TENANT_B.domain, authorization: `Bearer ${tokenB}` } });
    expect(other.statusCode).toBe(404);
    expect(other.headers.location).toBeUndefined();
  });
});
