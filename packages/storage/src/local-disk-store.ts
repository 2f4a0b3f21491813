/**
 * The local-disk driver (the default): `<root>/tenants/<tenantId>/…`. Reads stream through the API after the
 * ownership check, since there is no URL to hand out. Writes go to a temporary file first and are renamed into
 * place, so a reader never sees half an object.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidObjectKeyError, parseObjectKey, parseTenantPrefix } from './object-key.ts';
import type { ObjectAccess, ObjectStore } from './object-store.ts';

export interface LocalDiskStoreOptions {
  /** Folder that holds `tenants/`; relative paths are taken from the process's working directory. */
  root: string;
}

export function createLocalDiskStore(options: LocalDiskStoreOptions): ObjectStore {
  const root = path.resolve(options.root);

  /** The file of a key: the key is parsed again, and the result must still lie inside the root. */
  function fileOf(key: string): string {
    const { tenantId, segments } = parseObjectKey(key);
    const file = path.resolve(root, 'tenants', tenantId, ...segments);
    if (!file.startsWith(root + path.sep)) throw new InvalidObjectKeyError('outside the storage root');
    return file;
  }

  function folderOf(prefix: string): string {
    const [, tenantId] = parseTenantPrefix(prefix).split('/');
    return path.resolve(root, 'tenants', tenantId!);
  }

  async function filesUnder(folder: string): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true, recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return entries
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
      .map((entry) => path.join(entry.parentPath, entry.name));
  }

  return {
    driver: 'local',

    async put(key, body) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Dot-prefixed, so listKeys never reports a half-written file.
      const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await writeFile(temporary, body, { flag: 'wx' });
        await rename(temporary, file);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },

    async access(key): Promise<ObjectAccess | null> {
      const file = fileOf(key);
      try {
        const info = await stat(file);
        if (!info.isFile()) return null;
        return { kind: 'stream', body: createReadStream(file), sizeBytes: info.size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },

    async delete(key) {
      await rm(fileOf(key), { force: true });
    },

    async deletePrefix(prefix) {
      const folder = folderOf(prefix);
      const count = (await filesUnder(folder)).length;
      await rm(folder, { recursive: true, force: true });
      return count;
    },

    async listKeys(prefix) {
      const folder = folderOf(prefix);
      const files = await filesUnder(folder);
      return files.map((file) => path.relative(root, file).split(path.sep).join('/')).sort();
    },
  };
}
