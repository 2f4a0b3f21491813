/**
 * Custom domains through the platform API (platform hosts only; the roles of the tenants API: SUPERUSER and
 * PLATFORM_MANAGER for every tenant, PLATFORM_SALES for demo tenants):
 * GET|POST /platform/tenants/:id/domains, POST /platform/domains/:id/verify, DELETE /platform/domains/:id.
 */
import { principalOf, requireAuthentication } from '@smoothschedule/auth';
import { domainNameProblem } from '@smoothschedule/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CustomDomainService } from '../custom-domain-service.ts';

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;

const domainSchema = z
  .object({
    id: z.uuid(),
    domain: z.string(),
    tenantId: z.uuid(),
    isPrimary: z.boolean(),
    isCustomDomain: z.boolean(),
    route53ZoneId: z.string().nullable(),
    route53ChangeId: z.string().nullable(),
    verificationStatus: z.enum(['PENDING', 'VERIFIED', 'FAILED']),
    verificationError: z.string().nullable(),
    verifiedAt: z.iso.datetime({ offset: true }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    message: z.string(),
  })
  .meta({ id: 'Domain' });

const hostName = z
  .string()
  .trim()
  .transform((value) => value.toLowerCase().replace(/\.$/, ''))
  .superRefine((value, context) => {
    const problem = domainNameProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

const tenantParams = z.object({ id: z.uuid().describe('The tenant id') });
const domainParams = z.object({ id: z.uuid().describe('The domain id') });

export interface CustomDomainRoutesOptions {
  service: CustomDomainService;
}

export const customDomainRoutes: FastifyPluginAsyncZod<CustomDomainRoutesOptions> = async (app, { service }) => {
  const common = { config: { tenancy: 'platform' as const }, onRequest: requireAuthentication };

  app.get(
    '/platform/tenants/:id/domains',
    {
      ...common,
      schema: {
        tags: ['platform'],
        summary: "A tenant's domains, primary first",
        params: tenantParams,
        response: { 200: z.object({ domains: z.array(domainSchema) }), ...errors },
      },
    },
    async (request) => ({ domains: await service.list(principalOf(request), request.params.id) }),
  );

  app.post(
    '/platform/tenants/:id/domains',
    {
      ...common,
      schema: {
        tags: ['platform'],
        summary: 'Adds a custom domain (PROFESSIONAL tier and above); upserts its CNAME when Route53 is configured',
        params: tenantParams,
        body: z.object({ domain: hostName }),
        response: { 201: domainSchema, ...errors, 409: errorSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await service.add(principalOf(request), request.params.id, request.body.domain)),
  );

  app.post(
    '/platform/domains/:id/verify',
    {
      ...common,
      schema: {
        tags: ['platform'],
        summary: 'Follows the Route53 change until INSYNC and marks the domain VERIFIED (or FAILED with the reason)',
        params: domainParams,
        response: { 200: domainSchema, ...errors, 409: errorSchema },
      },
    },
    async (request) => service.verify(principalOf(request), request.params.id),
  );

  app.delete(
    '/platform/domains/:id',
    {
      ...common,
      schema: {
        tags: ['platform'],
        summary: 'Removes a custom domain and its Route53 record; it stops resolving at once',
        params: domainParams,
        response: { 204: z.null(), ...errors, 409: errorSchema },
      },
    },
    async (request, reply) => {
      await service.remove(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
