/**
 * Calling the API directly as a demo account, for setting things up or checking them from the
 * side (the journeys themselves go through the browser). Every call sends the CSRF header.
 */
import { DEMO_PASSWORD, type TestServer } from './server.ts';

export type ApiCall = <T>(method: string, path: string, body?: unknown) => Promise<{ status: number; json: T }>;

async function sessionCall(server: TestServer, res: Response, what: string): Promise<ApiCall> {
  if (res.status !== 200) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return async <T>(method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      headers: { cookie, 'x-requested-with': 'sotay', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, json: (text ? JSON.parse(text) : null) as T };
  };
}

/** Signs in as `login` and returns a caller carrying that session. */
export async function apiAs(server: TestServer, login: string, password = DEMO_PASSWORD): Promise<ApiCall> {
  const res = await fetch(`${server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'sotay' },
    body: JSON.stringify({ login, password }),
  });
  return sessionCall(server, res, `sign-in as ${login}`);
}

/** Throws with the body when the status is not the expected one; returns the json. */
export function ok<T>(res: { status: number; json: T }, status = 200): T {
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${JSON.stringify(res.json)}`);
  return res.json;
}

/**
 * Gives the first member without an account in the unit named `unitName` an account (activation
 * code issued by `admin`, activated with `password`) and returns that member's session cookie and name.
 */
export async function activateMemberIn(
  server: TestServer,
  unitName: string,
  password: string,
  unitId?: string,
): Promise<{ cookie: { name: string; value: string }; fullName: string; memberId: string }> {
  const admin = await apiAs(server, 'admin');
  // Many cells share a name ("Chi bộ khu phố 1" in every ward): a unit id picks the one meant.
  const unit = unitId
    ? { id: unitId }
    : ok(
        await admin<{ items: Array<{ id: string; name: string }> }>('GET', `/api/units/search?q=${encodeURIComponent(unitName)}`),
      ).items.find((u) => u.name === unitName);
  if (!unit) throw new Error(`no unit named ${unitName}`);
  const members = ok(
    await admin<{ items: Array<{ id: string; fullName: string; status: string; accountStatus: string }> }>(
      'GET',
      `/api/members?unitId=${unit.id}&limit=50`,
    ),
  );
  const member =
    members.items.find((m) => m.accountStatus === 'none' && m.status === 'official') ??
    members.items.find((m) => m.accountStatus === 'none');
  if (!member) throw new Error(`no member without an account in ${unitName}`);
  const { code } = ok(await admin<{ code: string }>('POST', `/api/members/${member.id}/activation-code`));
  const res = await fetch(`${server.url}/api/auth/activate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'sotay' },
    body: JSON.stringify({ code, password }),
  });
  if (res.status !== 200) throw new Error(`activate: HTTP ${res.status} ${await res.text()}`);
  // Activation signs the member in; the session cookie is all a browser context needs.
  const [name, ...value] = (res.headers.get('set-cookie') ?? '').split(';')[0]!.split('=');
  if (!name || value.length === 0) throw new Error('activate: no session cookie');
  return { cookie: { name, value: value.join('=') }, fullName: member.fullName, memberId: member.id };
}
