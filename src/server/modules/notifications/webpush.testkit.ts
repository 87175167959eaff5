/**
 * A push service for tests, on this machine: a user agent's key pair, an HTTP endpoint that keeps
 * what it receives, and decryption of the aes128gcm body as RFC 8291 / RFC 8188 describe, written
 * with node:crypto only (so the test checks the web-push library, not itself). Also checks the
 * VAPID JWT signature (RFC 8292). Used by the integration tests and the browser journey.
 */
import { createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes, verify } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UserAgentKeys {
  ecdh: ReturnType<typeof createECDH>;
  p256dh: string;
  auth: string;
  authSecret: Buffer;
}

export function userAgentKeys(): UserAgentKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const authSecret = randomBytes(16);
  return { ecdh, p256dh: ecdh.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url'), authSecret };
}

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/** RFC 8291 §3.4 + RFC 8188 §2: one record, padding delimiter 0x02 then zeros. */
export function decryptAes128gcm(body: Buffer, ua: UserAgentKeys): string {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  if (ciphertext.length > rs) throw new Error('more than one record');
  const ecdhSecret = ua.ecdh.computeSecret(asPublic);
  const uaPublic = ua.ecdh.getPublicKey();
  const prkKey = hmac(ua.authSecret, ecdhSecret);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic, Buffer.from([1])]);
  const ikm = hmac(prkKey, keyInfo).subarray(0, 32);
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01', 'binary')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01', 'binary')).subarray(0, 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('missing last-record padding delimiter');
  return padded.subarray(0, end).toString('utf8');
}

/** Checks `Authorization: vapid t=<jwt>, k=<key>`: ES256 signature, audience, expiry. */
export function verifyVapid(authorization: string | undefined, endpoint: string, expectedKey?: string): { sub: string } {
  const m = /^vapid t=([^,]+),\s*k=(.+)$/.exec(authorization ?? '');
  if (!m) throw new Error(`no vapid authorization: ${authorization}`);
  const [, jwt, k] = m as unknown as [string, string, string];
  if (expectedKey && k !== expectedKey) throw new Error('vapid key differs from the published key');
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const raw = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') },
    format: 'jwk',
  });
  const ok = verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
  if (!ok) throw new Error('vapid signature invalid');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { aud: string; exp: number; sub: string };
  if (claims.aud !== new URL(endpoint).origin) throw new Error(`vapid aud ${claims.aud}`);
  if (claims.exp * 1000 < Date.now()) throw new Error('vapid expired');
  return { sub: claims.sub };
}

export interface ReceivedPush {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface PushEndpoint {
  url: string;
  received: ReceivedPush[];
  /** Status code to answer with (201 by default); a test may switch it to 500 or 410. */
  status: number;
  close(): Promise<void>;
  next(timeoutMs?: number): Promise<ReceivedPush>;
}

export async function startPushEndpoint(): Promise<PushEndpoint> {
  const received: ReceivedPush[] = [];
  const waiters: Array<(r: ReceivedPush) => void> = [];
  const state = { status: 201 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const item = { headers: req.headers, body: Buffer.concat(chunks) };
      res.writeHead(state.status).end();
      if (state.status >= 200 && state.status < 300) {
        received.push(item);
        waiters.shift()?.(item);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/push/${randomBytes(8).toString('hex')}`,
    received,
    get status() {
      return state.status;
    },
    set status(v: number) {
      state.status = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    next(timeoutMs = 10_000) {
      const ready = received.length > 0 ? received.shift() : undefined;
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no push arrived')), timeoutMs);
        waiters.push((r) => {
          clearTimeout(timer);
          received.splice(received.indexOf(r), 1);
          resolve(r);
        });
      });
    },
  };
}
