import type { Next, Request, Response } from 'restify';

export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Reads a JSON body with a hard size limit: too large → 413, not JSON → 400. Sets req.body (CloudAdapter needs it).
 * A request with no body gets an empty one; the route decides whether that is acceptable.
 */
export function readJsonBody(maxBytes = MAX_BODY_BYTES) {
  return function jsonBody(req: Request, res: Response, next: Next): void {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > maxBytes) {
      res.send(413, { error: `the body is larger than ${maxBytes} bytes` });
      next(false);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        res.header('Connection', 'close');
        res.send(413, { error: `the body is larger than ${maxBytes} bytes` });
        next(false);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      if (failed) return;
      failed = true;
      next(false);
    });
    req.on('end', () => {
      if (failed) return;
      const raw = Buffer.concat(chunks).toString('utf8');
      if (raw.trim() === '') {
        req.body = undefined;
        next();
        return;
      }
      const type = String(req.headers['content-type'] ?? '');
      if (type !== '' && !/json/i.test(type)) {
        res.send(400, { error: 'the body must be JSON (Content-Type: application/json)' });
        next(false);
        return;
      }
      try {
        req.body = JSON.parse(raw) as unknown;
      } catch {
        res.send(400, { error: 'the body is not valid JSON' });
        next(false);
        return;
      }
      next();
    });
  };
}
