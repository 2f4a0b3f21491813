import type {
  ConnectionInfo,
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';
import { requireTenantBinding, type TenantBinding } from './tenant-context.ts';

/**
 * The schema name the tenant client is compiled for. Prisma's query compiler qualifies every table, enum cast,
 * join and subquery with it; this adapter swaps it for the current tenant's schema just before the SQL reaches
 * PostgreSQL. It starts with an underscore so that it can never be a tenant's schema name.
 */
export const TENANT_SCHEMA_PLACEHOLDER = '__tenant_schema__';
const QUOTED_PLACEHOLDER = `"${TENANT_SCHEMA_PLACEHOLDER}"`;

export class CrossTenantTransactionError extends Error {
  readonly code = 'CROSS_TENANT_TRANSACTION';
  constructor(first: string, second: string) {
    super(`A transaction begun in tenant schema "${first}" was used from tenant schema "${second}"`);
    this.name = 'CrossTenantTransactionError';
  }
}

function bindQuery(query: SqlQuery, binding: TenantBinding): SqlQuery {
  return { ...query, sql: query.sql.replaceAll(QUOTED_PLACEHOLDER, binding.quotedSchema) };
}

/**
 * Generated SQL always names the placeholder schema. Raw SQL written by hand ($queryRaw, $executeRaw) does not:
 * it names tables without a schema and so needs the tenant's schema on the search_path.
 */
function isGeneratedQuery(query: SqlQuery): boolean {
  return query.sql.includes(QUOTED_PLACEHOLDER);
}

/** Prisma's transaction manager ends transactions and manages savepoints by sending these statements. */
const TRANSACTION_CONTROL = /^\s*(COMMIT|ROLLBACK|SAVEPOINT|RELEASE|BEGIN|START\s+TRANSACTION)\b/i;

function statement(sql: string): SqlQuery {
  return { sql, args: [], argTypes: [] };
}

function setLocalSearchPath(binding: TenantBinding): SqlQuery {
  // Only the tenant schema: unqualified raw SQL must never fall through to the shared tables in public.
  return statement(`SET LOCAL search_path TO ${binding.quotedSchema}`);
}

/** A transaction pinned to the tenant of its first statement; using it from another tenant is refused. */
class TenantSchemaTransaction implements Transaction {
  readonly provider: Transaction['provider'];
  readonly adapterName: string;
  private binding: TenantBinding | undefined;
  private searchPathSet = false;

  constructor(private readonly inner: Transaction) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  get options() {
    return this.inner.options;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.run(query, (q) => this.inner.queryRaw(q));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.run(query, (q) => this.inner.executeRaw(q));
  }

  commit(): Promise<void> {
    return this.inner.commit();
  }

  rollback(): Promise<void> {
    return this.inner.rollback();
  }

  createSavepoint(name: string): Promise<void> {
    return this.inner.createSavepoint!(name);
  }

  rollbackToSavepoint(name: string): Promise<void> {
    return this.inner.rollbackToSavepoint!(name);
  }

  releaseSavepoint(name: string): Promise<void> {
    return this.inner.releaseSavepoint!(name);
  }

  private async run<T>(query: SqlQuery, send: (q: SqlQuery) => Promise<T>): Promise<T> {
    if (TRANSACTION_CONTROL.test(query.sql)) return send(query);
    const binding = this.pin();
    if (isGeneratedQuery(query)) return send(bindQuery(query, binding));
    if (!this.searchPathSet) {
      await this.inner.executeRaw(setLocalSearchPath(binding));
      this.searchPathSet = true;
    }
    return send(query);
  }

  private pin(): TenantBinding {
    const current = requireTenantBinding();
    if (!this.binding) this.binding = current;
    else if (this.binding !== current && this.binding.schemaName !== current.schemaName) {
      throw new CrossTenantTransactionError(this.binding.schemaName, current.schemaName);
    }
    return this.binding;
  }
}

/** Wraps Prisma's pg adapter so that one compiled client serves every tenant schema. */
class TenantSchemaAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter['provider'];
  readonly adapterName: string;

  constructor(private readonly inner: SqlDriverAdapter) {
    this.provider = inner.provider;
    this.adapterName = `${inner.adapterName}+tenant-schema`;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    const binding = requireTenantBinding();
    if (isGeneratedQuery(query)) return this.inner.queryRaw(bindQuery(query, binding));
    return this.inSearchPathTransaction(binding, (tx) => tx.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    const binding = requireTenantBinding();
    if (isGeneratedQuery(query)) return this.inner.executeRaw(bindQuery(query, binding));
    return this.inSearchPathTransaction(binding, (tx) => tx.executeRaw(query));
  }

  executeScript(): Promise<void> {
    return Promise.reject(new Error('executeScript is not available on a tenant client; use the migrator'));
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    return new TenantSchemaTransaction(await this.inner.startTransaction(isolationLevel));
  }

  getConnectionInfo(): ConnectionInfo {
    const info = this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: true };
    return { ...info, schemaName: TENANT_SCHEMA_PLACEHOLDER };
  }

  dispose(): Promise<void> {
    return this.inner.dispose();
  }

  /**
   * Hand-written SQL outside a transaction gets a short transaction of its own with the tenant's search_path,
   * so the setting never leaks to the next user of the pooled connection. Costs three extra round trips:
   * qualify names or run raw SQL inside $transaction where that matters.
   */
  private async inSearchPathTransaction<T>(binding: TenantBinding, send: (tx: Transaction) => Promise<T>): Promise<T> {
    // The pg adapter's commit() and rollback() only release the connection; Prisma sends COMMIT and ROLLBACK
    // itself, and so must we.
    const tx = await this.inner.startTransaction();
    try {
      await tx.executeRaw(setLocalSearchPath(binding));
      const result = await send(tx);
      await tx.executeRaw(statement('COMMIT'));
      await tx.commit();
      return result;
    } catch (error) {
      await tx.executeRaw(statement('ROLLBACK')).catch(() => undefined);
      await tx.rollback();
      throw error;
    }
  }
}

export class TenantSchemaAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider: SqlDriverAdapterFactory['provider'];
  readonly adapterName: string;

  constructor(private readonly inner: SqlDriverAdapterFactory) {
    this.provider = inner.provider;
    this.adapterName = `${inner.adapterName}+tenant-schema`;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return new TenantSchemaAdapter(await this.inner.connect());
  }
}
