/** Keys are built in one place and nothing hostile gets through: every trick from a table, each refused. */
import { describe, expect, it } from 'vitest';
import {
  InvalidObjectKeyError,
  isTenantObjectKey,
  keySegmentProblem,
  parseObjectKey,
  tenantObjectKey,
  tenantPrefix,
} from '../src/object-key.ts';
import { parseTenantPrefix } from '../src/object-key.ts';

const A = '0b6c2d4e-1f3a-4b5c-8d7e-9f0a1b2c3d4e';
const B = '7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d';

describe('tenantObjectKey', () => {
  it('puts every key under tenants/<tenantId>/', () => {
    expect(tenantObjectKey(A, 'media', 'logo.png')).toBe(`tenants/${A}/media/logo.png`);
    expect(tenantPrefix(A)).toBe(`tenants/${A}/`);
  });

  it.each([
    ['..', 'parent directory'],
    ['.', 'current directory'],
    ['../other', 'climbing out'],
    ['/etc/passwd', 'absolute path'],
    ['media/../../x', 'separator inside a segment'],
    ['a\\b', 'backslash'],
    ['..\\..\\x', 'backslash climbing'],
    ['a\0b', 'NUL byte'],
    ['%2e%2e', 'percent-encoded dots'],
    ['a%2fb', 'percent-encoded slash'],
    ['a%5cb', 'percent-encoded backslash'],
    ['', 'empty segment'],
    ['.hidden', 'leading dot'],
    ['a b', 'space'],
    ['ü.png', 'non-ASCII'],
    ['x'.repeat(129), 'overlong segment'],
    ['C:', 'drive letter'],
  ])('refuses the segment %j (%s)', (segment) => {
    expect(keySegmentProblem(segment)).not.toBeNull();
    expect(() => tenantObjectKey(A, 'media', segment)).toThrow(InvalidObjectKeyError);
  });

  it.each([
    ['', 'empty'],
    ['../x', 'path'],
    ['0B6C2D4E-1F3A-4B5C-8D7E-9F0A1B2C3D4E', 'upper case'],
    [`${A}/..`, 'id with a path'],
    ['not-a-uuid', 'not a UUID'],
  ])('refuses the tenant id %j (%s)', (tenantId) => {
    expect(() => tenantObjectKey(tenantId, 'media', 'x.png')).toThrow(InvalidObjectKeyError);
    expect(() => tenantPrefix(tenantId)).toThrow(InvalidObjectKeyError);
  });

  it('refuses a key with no segment after the tenant, and an overlong key', () => {
    expect(() => tenantObjectKey(A)).toThrow(InvalidObjectKeyError);
    expect(() => tenantObjectKey(A, ...Array.from({ length: 5 }, () => 'x'.repeat(120)))).toThrow(InvalidObjectKeyError);
  });
});

describe('parseObjectKey and the ownership check', () => {
  it('accepts exactly the keys tenantObjectKey builds', () => {
    const key = tenantObjectKey(A, 'media', 'a.png');
    expect(parseObjectKey(key)).toEqual({ tenantId: A, segments: ['media', 'a.png'] });
    expect(isTenantObjectKey(A, key)).toBe(true);
    expect(isTenantObjectKey(B, key)).toBe(false);
  });

  it.each([
    `tenants/${A}/../${B}/media/a.png`,
    `tenants/${A}/media/../../${B}/a.png`,
    `/tenants/${A}/media/a.png`,
    `tenants/${A}//a.png`,
    `tenants/${A}/media\\..\\a.png`,
    `tenants/${A}/media/a.png\0`,
    `other/${A}/media/a.png`,
    `tenants/${A}`,
    `tenants/${A}/`,
    `tenants/${A}/%2e%2e/x`,
  ])('refuses %j, and it belongs to nobody', (key) => {
    expect(() => parseObjectKey(key)).toThrow(InvalidObjectKeyError);
    expect(isTenantObjectKey(A, key)).toBe(false);
  });

  it.each(['tenants/', `tenants/${A}`, `tenants/${A}/media/`, '', '/', `tenants/../`])(
    'a deletion prefix must be exactly tenants/<tenantId>/, so %j is refused',
    (prefix) => {
      expect(() => parseTenantPrefix(prefix)).toThrow(InvalidObjectKeyError);
    },
  );
});
