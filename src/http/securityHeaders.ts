import type { Next, Request, Response } from 'restify';

/**
 * Security headers on every response (what helmet does for Express): a CSP with no inline scripts, no framing by
 * other sites, no MIME sniffing, no referrer leaks. Web Chat injects its styles at run time, so styles may be inline;
 * scripts may not.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

export function securityHeaders(_req: Request, res: Response, next: Next): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.header(name, value);
  next();
}
