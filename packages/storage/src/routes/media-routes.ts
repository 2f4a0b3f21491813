/**
 * /api/media (tenant hosts only): upload (multipart, one part named "file"), list, read, delete.
 * Order on upload: the access token (onRequest, before the body is read), the query (kind, resourceId), the
 * permission for that kind (preHandler, still before the body is read), then the bytes: size limit (413), magic
 * numbers (415). Reads answer 302 to a presigned URL (S3) or stream the bytes (local disk).
 */
import multipart from '@fastify/multipart';
import { principalOf, recordPermissionDenied, requireAuthentication } from '@smoothschedule/auth';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createMediaRepository, type MediaKind } from '../media-repository.ts';
import type { MediaService } from '../media-service.ts';
import {
  FileRequiredError,
  MediaPermissionDeniedError,
  MediaTooLargeError,
  MultipartRequiredError,
  UnexpectedFilePartError,
} from '../storage-errors.ts';

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;

const KIND_BY_NAME = { logo: 'TENANT_LOGO', 'resource-photo': 'RESOURCE_PHOTO' } as const satisfies Record<string, MediaKind>;
const kindName = z.enum(['logo', 'resource-photo']);

const mediaSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['TENANT_LOGO', 'RESOURCE_PHOTO']),
    resourceId: z.uuid().nullable(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    originalName: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Media' });

const uploadQuery = z
  .object({
    kind: kindName.describe('logo (the tenant\'s) or resource-photo (needs resourceId)'),
    resourceId: z.uuid().optional(),
  })
  .refine((query) => query.kind !== 'resource-photo' || query.resourceId !== undefined, {
    message: 'resourceId is required for a resource-photo',
    path: ['resourceId'],
  })
  .refine((query) => query.kind !== 'logo' || query.resourceId === undefined, {
    message: 'a logo belongs to the tenant, not to a resource',
    path: ['resourceId'],
  });

const listQuery = z.object({
  kind: kindName.optional(),
  resourceId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const idParams = z.object({ id: z.uuid().describe('The media id') });

/**
 * Reads every part, so the whole body is consumed before answering, and keeps the one file part named "file";
 * a second file, or a file under another name, is refused (never silently dropped).
 */
async function readTheOneFile(request: FastifyRequest, maxUploadBytes: number): Promise<{ bytes: Buffer; filename: string }> {
  let found: { bytes: Buffer; filename: string } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      if (found || part.fieldname !== 'file') throw new UnexpectedFilePartError();
      found = { bytes: await part.toBuffer(), filename: part.filename };
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new MediaTooLargeError(maxUploadBytes);
    if (code === 'FST_FILES_LIMIT') throw new UnexpectedFilePartError();
    throw error;
  }
  if (!found) throw new FileRequiredError();
  return found;
}

export interface MediaRoutesOptions {
  service: MediaService;
  maxUploadBytes: number;
}

export const mediaRoutes: FastifyPluginAsyncZod<MediaRoutesOptions> = async (app, { service, maxUploadBytes }) => {
  await app.register(multipart, {
    // One file and a few form fields at most; anything beyond is refused while streaming, not buffered.
    limits: { fileSize: maxUploadBytes, files: 1, fields: 10, parts: 11, fieldSize: 1024, headerPairs: 100 },
    throwFileSizeLimit: true,
  });
  app.addHook('onError', async (request, _reply, error) => {
    if (error instanceof MediaPermissionDeniedError) recordPermissionDenied(request, error.message);
  });

  const repositoryOf = (request: FastifyRequest) => {
    const { tenant, db } = app.tenancy.requireTenant(request);
    return { tenant, media: createMediaRepository(db) };
  };

  app.post(
    '/media',
    {
      config: { tenancy: 'required' },
      onRequest: requireAuthentication,
      preHandler: async (request) => {
        const { tenant } = app.tenancy.requireTenant(request);
        const { kind } = request.query as z.infer<typeof uploadQuery>;
        service.authorize(principalOf(request), tenant, KIND_BY_NAME[kind]);
      },
      schema: {
        tags: ['media'],
        summary: 'Uploads a PNG, JPEG, GIF or WebP image (type from the bytes) as multipart/form-data, part "file"',
        consumes: ['multipart/form-data'],
        querystring: uploadQuery,
        response: { 201: mediaSchema, ...errors, 413: errorSchema, 415: errorSchema },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new MultipartRequiredError();
      const { tenant, media } = repositoryOf(request);
      const file = await readTheOneFile(request, maxUploadBytes);
      const item = await service.upload(principalOf(request), tenant, media, {
        kind: KIND_BY_NAME[request.query.kind],
        resourceId: request.query.resourceId,
        bytes: file.bytes,
        originalName: file.filename,
      });
      return reply.code(201).send(item);
    },
  );

  app.get(
    '/media',
    {
      config: { tenancy: 'required' },
      onRequest: requireAuthentication,
      schema: {
        tags: ['media'],
        summary: "The tenant's media, newest first",
        querystring: listQuery,
        response: { 200: z.object({ media: z.array(mediaSchema) }), ...errors },
      },
    },
    async (request) => {
      const { media } = repositoryOf(request);
      const { kind, resourceId, limit } = request.query;
      return { media: await service.list(media, { kind: kind && KIND_BY_NAME[kind], resourceId }, limit) };
    },
  );

  app.get(
    '/media/:id',
    {
      config: { tenancy: 'required' },
      onRequest: requireAuthentication,
      schema: {
        tags: ['media'],
        summary: 'The image: 302 to a short-lived presigned URL (S3), or the bytes (local disk)',
        params: idParams,
        response: {
          200: z.any().describe('The image bytes (local-disk storage)'),
          302: z.object({ url: z.url(), expiresInSeconds: z.number().int() }).describe('S3 storage: a presigned URL, also in Location'),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { tenant, media } = repositoryOf(request);
      const { item, access } = await service.open(tenant, media, request.params.id);
      // Per user: the answer depends on who asked, so shared caches must not keep it.
      reply.header('cache-control', 'private, max-age=60').header('x-content-type-options', 'nosniff');
      if (access.kind === 'url') {
        return reply.code(302).header('location', access.url).send({ url: access.url, expiresInSeconds: access.expiresInSeconds });
      }
      return reply
        .code(200)
        .type(item.contentType)
        .header('content-length', access.sizeBytes)
        .header('content-disposition', 'inline')
        .send(access.body);
    },
  );

  app.delete(
    '/media/:id',
    {
      config: { tenancy: 'required' },
      onRequest: requireAuthentication,
      schema: { tags: ['media'], summary: 'Deletes the image and its stored object', params: idParams, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      const { tenant, media } = repositoryOf(request);
      await service.delete(principalOf(request), tenant, media, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
