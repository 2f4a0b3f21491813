/** What the global setup hands every test file: the PostgreSQL server to make test databases on. */
declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export {};
