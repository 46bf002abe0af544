import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import type { ServerContext } from '../context';

/**
 * Access tokens: HS256 JWTs, short-lived (≤ 15 min), naming the user (sub), the session family
 * (sid) and the scope. `limited` allows only changing the password, reading /me and signing out.
 */
export type TokenScope = 'full' | 'password-change';

export interface AccessClaims {
  sub: string;
  sid: string;
  scope: TokenScope;
  iat: number;
  exp: number;
}

const secrets = new WeakMap<ServerContext, Buffer>();

/** JWT_SECRET, or a random 64-byte key generated once and kept in DATA_DIR/jwt-secret (mode 600). */
export function jwtSecret(ctx: ServerContext): Buffer {
  let secret = secrets.get(ctx);
  if (secret) return secret;
  if (ctx.config.jwtSecret) {
    secret = Buffer.from(ctx.config.jwtSecret, 'utf8');
  } else {
    const file = path.join(ctx.config.dataDir, 'jwt-secret');
    try {
      // 'wx': only the first start (of any instance sharing DATA_DIR) writes it.
      fs.writeFileSync(file, randomBytes(64).toString('base64'), { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    secret = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (secret.length < 32) throw new Error(`${file} no contiene una clave válida`);
  }
  secrets.set(ctx, secret);
  return secret;
}

export function signAccessToken(ctx: ServerContext, claims: { sub: string; sid: string; scope: TokenScope }): string {
  const iat = Math.floor(ctx.now().getTime() / 1000);
  // iat and exp come from the server clock (ctx.now), not from jsonwebtoken's own Date.now()
  return jwt.sign({ ...claims, iat, exp: iat + ctx.config.accessTokenTtlSeconds }, jwtSecret(ctx), { algorithm: 'HS256' });
}

/** The claims of a valid, unexpired token (by the server's clock), or null. */
export function verifyAccessToken(ctx: ServerContext, token: string): AccessClaims | null {
  try {
    const claims = jwt.verify(token, jwtSecret(ctx), {
      algorithms: ['HS256'],
      clockTimestamp: Math.floor(ctx.now().getTime() / 1000),
    }) as Partial<AccessClaims>;
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return null;
    if (claims.scope !== 'full' && claims.scope !== 'password-change') return null;
    return claims as AccessClaims;
  } catch {
    return null;
  }
}
