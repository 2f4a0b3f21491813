/**
 * Passwords are hashed with argon2id through @node-rs/argon2 (a maintained native binding). Parameters follow
 * OWASP's argon2id baseline: 19 MiB of memory, 2 passes, 1 lane. The encoded hash carries its parameters, so
 * raising them later keeps old hashes verifiable (needsRehash tells when to upgrade one at login).
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2';

// Algorithm is an ambient const enum, which isolatedModules cannot read: its Argon2id member is 2.
const ARGON2ID = 2 as Algorithm.Argon2id;

export const ARGON2_PARAMETERS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMETERS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash verifies nothing.
    return false;
  }
}

const ENCODED_PARAMETERS = `$argon2id$v=19$m=${ARGON2_PARAMETERS.memoryCost},t=${ARGON2_PARAMETERS.timeCost},p=${ARGON2_PARAMETERS.parallelism}$`;

export function needsRehash(passwordHash: string): boolean {
  return !passwordHash.startsWith(ENCODED_PARAMETERS);
}

/**
 * A hash of a password nobody has, verified when an email is unknown, so that a login for a missing account
 * costs the same time as one for a real account (no user enumeration by timing).
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`unused-${Math.random()}`);
  return dummyHash;
}
