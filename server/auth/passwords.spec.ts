import { loadConfig } from '../config';
import type { ServerContext } from '../context';
import { argon2Parameters } from '../testing/helpers';
import { hashPassword, verifyPassword } from './passwords';

/** Issue 2 point 3: argon2id with the OWASP parameters (19 MiB, 2 iterations, 1 lane) unless told otherwise. */
describe('password hashing', () => {
  it('defaults to argon2id, m=19456 KiB, t=2, p=1, a fresh salt per hash', async () => {
    const config = loadConfig({});
    expect(config.argon2).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    const ctx = { config } as ServerContext;
    const [a, b] = [await hashPassword(ctx, 'Clave-De-Prueba-1'), await hashPassword(ctx, 'Clave-De-Prueba-1')];
    expect(argon2Parameters(a)).toEqual({ type: 'argon2id', m: 19_456, t: 2, p: 1 });
    expect(a).toMatch(/\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/); // 16-byte salt, 32-byte hash
    expect(b).not.toBe(a);
    expect(await verifyPassword(a, 'Clave-De-Prueba-1')).toBeTrue();
    expect(await verifyPassword(a, 'Clave-De-Prueba-2')).toBeFalse();
    expect(await verifyPassword('not-a-hash', 'Clave-De-Prueba-1')).toBeFalse();
  });
});
