// Bearer tokens for the examples' tests, and the TOKENS secret granting them
// (SHA-256 hex of each token -> { namespaces, write, admin }), as
// `simgate token` prints them.
import { createHash } from 'node:crypto';

export const TOKEN = {
  admin: 'test-admin-token-0b7c1f9e',
  tenantA: 'test-tenant-a-token-5d2e8a41',
  tenantB: 'test-tenant-b-token-c93f0e17',
  readerA: 'test-reader-a-token-77a4d210',
};

const grants = {
  admin: { namespaces: '*', write: true, admin: true },
  tenantA: { namespaces: ['tenant-a'], write: true },
  tenantB: { namespaces: ['tenant-b'], write: true },
  readerA: { namespaces: ['tenant-a'], write: false },
};

const sha256 = (t) => createHash('sha256').update(t).digest('hex');

/** The TOKENS secret's value. */
export const TOKENS = JSON.stringify(Object.fromEntries(Object.entries(grants).map(([who, g]) => [sha256(TOKEN[who]), g])));

/** Headers that send `token`. */
export const bearer = (token) => ({ authorization: `Bearer ${token}` });
