/**
 * The one place errors become HTTP answers. Packages throw coded errors (@fastify/error: `code` + `statusCode`);
 * here they are mapped to the error shape, framework errors get stable codes, and anything unexpected becomes a
 * 500 whose body says nothing about the cause (the cause goes to the log, with its stack).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, type FieldIssue } from './error-response.ts';
import { requestLogFields } from './request-log-fields.ts';

/** Codes for framework (FST_*) client errors and for coded errors whose code is not meant for clients. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'RATE_LIMITED',
};

const PUBLIC_CODE = /^[A-Z][A-Z0-9_]{2,63}$/;

interface MaybeHttpError {
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
  validation?: Array<{ instancePath?: string; message?: string }>;
  validationContext?: string;
}

function fieldIssues(error: MaybeHttpError): FieldIssue[] {
  const location = error.validationContext ?? 'request';
  return (error.validation ?? []).map((issue) => {
    const segments = (issue.instancePath ?? '').split('/').filter((segment) => segment.length > 0);
    return { path: [location, ...segments].join('.'), message: issue.message ?? 'is invalid' };
  });
}

/**
 * The status answered as is: any 4xx, and 503 from a coded error of ours (a deliberate "not now", such as an audit
 * that cannot be written, whose message was written for clients). Every other 5xx is masked as 500.
 */
function clientStatus(error: MaybeHttpError): number | null {
  const status = error.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status)) return null;
  if (status >= 400 && status < 500) return status;
  const code = typeof error.code === 'string' ? error.code : '';
  const ownCode = PUBLIC_CODE.test(code) && !code.startsWith('FST_') && !code.startsWith('ERR_');
  return status === 503 && ownCode ? status : null;
}

function clientCode(error: MaybeHttpError, status: number): string {
  const code = typeof error.code === 'string' ? error.code : '';
  if (PUBLIC_CODE.test(code) && !code.startsWith('FST_') && !code.startsWith('ERR_')) return code;
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) return 'MALFORMED_JSON';
  return CODE_BY_STATUS[status] ?? 'BAD_REQUEST';
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const candidate = error as MaybeHttpError;
    if (Array.isArray(candidate.validation)) {
      const details = fieldIssues(candidate);
      request.log.info({ ...requestLogFields(request), details }, 'request validation failed');
      return reply.code(400).send(errorBody('VALIDATION_ERROR', 'The request is invalid', details));
    }
    const status = clientStatus(candidate);
    if (status !== null) {
      const code = clientCode(candidate, status);
      request.log.info({ ...requestLogFields(request), code, statusCode: status }, error.message);
      return reply.code(status).send(errorBody(code, String(candidate.message ?? 'Request refused')));
    }
    request.log.error({ ...requestLogFields(request), err: error }, 'request failed');
    return reply.code(500).send(errorBody('INTERNAL_ERROR', 'An unexpected error occurred'));
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('NOT_FOUND', `Route ${request.method} ${request.url} not found`)),
  );
}
