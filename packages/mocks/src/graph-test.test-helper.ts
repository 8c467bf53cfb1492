/** A JWT-shaped token with the given claims and a dummy signature (the mock never checks signatures). */
export function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

export const appToken = jwt({
  roles: ['SecurityIncident.ReadWrite.All'],
  app_displayname: 'SOC robot',
  appid: '00000000-0000-0000-0000-000000000001',
});
export const readOnlyAppToken = jwt({ roles: ['SecurityIncident.Read.All'], app_displayname: 'Reader' });
export const delegatedToken = jwt({
  scp: 'openid SecurityIncident.ReadWrite.All',
  upn: 'analyst@contoso.com',
});

/** fetch with a bearer token and JSON, as a Graph client sends it. */
export function graphFetch(base: string) {
  return async (path: string, init: RequestInit & { token?: string | null; json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token !== null && !headers.has('authorization'))
      headers.set('authorization', `Bearer ${init.token ?? appToken}`);
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const response = await fetch(`${base}${path}`, { ...init, headers, body: body ?? null });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      response,
      status: response.status,
      headers: response.headers,
      text,
      json: type.startsWith('application/json') ? (JSON.parse(text) as any) : undefined,
    };
  };
}
