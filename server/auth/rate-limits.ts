import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { ServerContext } from '../context';
import { errorBody } from '../http/error-handler';
import { normalizeUserId } from '../accounts/accounts.model';

/**
 * Sign-in rate limits (PRODUCT.md chapter 1): per IP and per user id, per minute. In-process
 * counters: with several instances each one counts on its own (the lockout after 5 failures,
 * kept in the store, is the limit that holds across instances).
 */
function limiter(ctx: ServerContext, limit: number, keyGenerator?: (req: Request) => string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(keyGenerator ? { keyGenerator } : {}),
    handler: (req, res) => {
      ctx.log.warn({ path: req.path }, 'sign-in rate limit reached');
      res.status(429).json(errorBody('RATE_LIMITED', 'Demasiados intentos. Espere un minuto e intente de nuevo.'));
    },
  });
}

export function loginRateLimits(ctx: ServerContext): RequestHandler[] {
  return [
    limiter(ctx, ctx.config.loginRatePerIpPerMinute),
    limiter(ctx, ctx.config.loginRatePerUserPerMinute, (req) => {
      const raw = (req.body as { userId?: unknown } | undefined)?.userId;
      return typeof raw === 'string' ? `user:${normalizeUserId(raw).slice(0, 254)}` : 'user:?';
    }),
  ];
}

/** Recovery and reset: per IP, with the same budget as sign-in. */
export function recoveryRateLimit(ctx: ServerContext): RequestHandler {
  return limiter(ctx, ctx.config.loginRatePerIpPerMinute);
}
