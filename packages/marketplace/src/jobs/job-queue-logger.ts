/** The little the job queues log; pino (Fastify's logger) fits it as is. */
export interface JobQueueLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
