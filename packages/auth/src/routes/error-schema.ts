import { z } from 'zod';

/**
 * The error answer's shape, as apps/api's one error handler writes it: for response schemas (and so the OpenAPI
 * document). No registry id: apps/api owns the named ErrorResponse.
 */
export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
