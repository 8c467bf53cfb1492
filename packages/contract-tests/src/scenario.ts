/**
 * The contract scenario: one fixed sequence of requests that exercises every operation of the incident API, its
 * OData options, both `Prefer` modes and each error class. It runs against any service root through the `fetch` it
 * is given, so the same steps check our mock in tests and record real Graph traffic in `graph-incidents-contract
 * record`. Plain `fetch` on purpose: the package needs no client at run time.
 */

/** What happened to one step. */
export interface StepOutcome {
  readonly name: string;
  /** `expected`: the status the step expects; `unexpected`: another one; `skipped`: not sent, see `reason`. */
  readonly outcome: 'expected' | 'unexpected' | 'skipped';
  readonly method: string;
  readonly url: string;
  /** The status the step expects (Graph's behaviour, which the mock copies). */
  readonly expectedStatus: number;
  /** The status received; absent when skipped. */
  readonly status?: number;
  readonly reason?: string;
}

export interface ScenarioOptions {
  /** Graph's service root, e.g. `https://graph.microsoft.com/v1.0`, or `${mock.url}/v1.0`. */
  readonly baseUrl: string;
  /** The bearer token sent with every step except the 401 and 403 ones. */
  readonly token: string;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof globalThis.fetch;
  /**
   * Send the steps that are not GETs: PATCH, the comment, and the error steps that use a writing method
   * (read-only property, invalid enum value, 415, 405). Default `false`: only GET requests are sent.
   */
  readonly allowWrites?: boolean;
  /** The endpoint is the graph-incidents mock: force 429 and 503 with its `x-mock-fault` header. Default `false`. */
  readonly faultInjection?: boolean;
  /** A token without SecurityIncident permissions, for the 403 step. Without one the step is skipped. */
  readonly forbiddenToken?: string;
  /** Called after every step, for progress output. */
  readonly onStep?: (outcome: StepOutcome) => void;
}

export interface ScenarioResult {
  readonly steps: readonly StepOutcome[];
}

/** The tag the write steps add to an incident, then remove again. */
export const scenarioTag = 'graph-incidents-contract';
/** The comment the write steps add (Graph cannot delete comments). */
export const scenarioComment = 'Recorded by graph-incidents-contract to check the API contract.';
/** An incident id no tenant has, for the 404 step. */
export const missingIncidentId = '2147483647';

const preferUnknownMembers = { prefer: 'include-unknown-enum-members' } as const;
const json = { 'content-type': 'application/json' } as const;

interface Call {
  readonly name: string;
  readonly expected: number;
  readonly method?: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** The token to send; `null` sends no `Authorization` header. Default: the scenario's token. */
  readonly token?: string | null;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

type Incident = Readonly<Record<string, unknown>> & { readonly id: string };

/**
 * Runs the scenario and reports every step. It never throws for an unexpected status (that is a finding, reported
 * as `unexpected`); a network failure rejects.
 *
 * @example
 * const { steps } = await runScenario({ baseUrl: `${mock.url}/v1.0`, token: 'test', allowWrites: true });
 */
export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const send = options.fetch ?? globalThis.fetch;
  const root = options.baseUrl.replace(/\/+$/, '');
  const incidents = `${root}/security/incidents`;
  const steps: StepOutcome[] = [];
  const report = (outcome: StepOutcome): void => {
    steps.push(outcome);
    options.onStep?.(outcome);
  };
  const skip = (call: Call, reason: string): undefined => {
    report({
      name: call.name,
      outcome: 'skipped',
      method: call.method ?? 'GET',
      url: call.url,
      expectedStatus: call.expected,
      reason,
    });
    return undefined;
  };

  async function step(call: Call): Promise<Answer | undefined> {
    const method = call.method ?? 'GET';
    if (method !== 'GET' && !options.allowWrites) return skip(call, 'writes need --allow-writes');
    const headers = new Headers(call.headers);
    const token = call.token === undefined ? options.token : call.token;
    if (token !== null) headers.set('authorization', `Bearer ${token}`);
    const response = await send(call.url, {
      method,
      headers,
      ...(call.body === undefined ? {} : { body: call.body }),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    report({
      name: call.name,
      outcome: response.status === call.expected ? 'expected' : 'unexpected',
      method,
      url: call.url,
      expectedStatus: call.expected,
      status: response.status,
    });
    return { status: response.status, body };
  }

  /** Lists up to `pages` pages, following `@odata.nextLink` as given. Returns every incident seen. */
  async function listPages(
    name: string,
    query: Readonly<Record<string, string>>,
    pages: number,
    headers?: Readonly<Record<string, string>>,
  ): Promise<Incident[]> {
    const seen: Incident[] = [];
    let url: string | undefined = `${incidents}${odataQuery(query)}`;
    for (let page = 1; page <= pages && url !== undefined; page += 1) {
      const answer = await step({
        name: `${name}, page ${page}`,
        expected: 200,
        url,
        ...(headers ? { headers } : {}),
      });
      if (answer?.status !== 200) break;
      seen.push(...itemsOf(answer.body));
      const next = (answer.body as Record<string, unknown>)['@odata.nextLink'];
      url = typeof next === 'string' ? next : undefined;
    }
    return seen;
  }

  // Lists, several pages each: $filter with $count, $select with $orderby, $expand.
  const listed = await listPages(
    'list with $filter and $count',
    { $filter: "severity ne 'informational'", $count: 'true', $top: '2' },
    3,
  );
  await listPages(
    'list with $select and $orderby',
    {
      $select: 'id,displayName,status,severity,createdDateTime',
      $orderby: 'createdDateTime desc',
      $top: '2',
    },
    2,
  );
  await listPages('list with $expand=alerts', { $expand: 'alerts', $top: '2' }, 2);

  // One incident: get, $select, $expand.
  const target = listed[0];
  const byId = (id: string): string => `${incidents}/${encodeURIComponent(id)}`;
  const noIncident = 'the list returned no incident';
  const get = (name: string, query: Readonly<Record<string, string>> = {}) =>
    target
      ? step({ name, expected: 200, url: `${byId(target.id)}${odataQuery(query)}` })
      : skip({ name, expected: 200, url: `${incidents}/{id}` }, noIncident);
  await get('get');
  await get('get with $select', { $select: 'id,status,severity,assignedTo' });
  await get('get with $expand=alerts', { $expand: 'alerts' });

  // $count, as text/plain.
  await step({ name: '$count', expected: 200, url: `${incidents}/$count` });
  await step({
    name: '$count with $filter',
    expected: 200,
    url: `${incidents}/$count${odataQuery({ $filter: "severity eq 'high'" })}`,
  });

  // Both Prefer modes: newer members such as awaitingAction appear only with the header.
  const awaiting = await listPages(
    'list awaitingAction with Prefer: include-unknown-enum-members',
    { $filter: "status eq 'awaitingAction'", $top: '2' },
    1,
    preferUnknownMembers,
  );
  const waiting = awaiting[0];
  const noWaiting = 'no incident has the status awaitingAction';
  for (const [name, headers] of [
    ['get an awaitingAction incident with Prefer: include-unknown-enum-members', preferUnknownMembers],
    ['get an awaitingAction incident without Prefer (reads unknownFutureValue)', {}],
  ] as const) {
    const call = {
      name,
      expected: 200,
      url: `${waiting ? byId(waiting.id) : `${incidents}/{id}`}${odataQuery({ $expand: 'alerts' })}`,
      headers,
    };
    await (waiting ? step(call) : skip(call, noWaiting));
  }
  await listPages(
    'list unknownFutureValue without Prefer',
    { $filter: "status eq 'unknownFutureValue'", $top: '2' },
    1,
  );

  // Writes: a PATCH that adds a tag, one that restores the tags, and a comment.
  if (target) {
    const tags = Array.isArray(target['customTags']) ? (target['customTags'] as string[]) : [];
    const patch = (name: string, customTags: readonly string[]) =>
      step({
        name,
        expected: 200,
        method: 'PATCH',
        url: byId(target.id),
        headers: json,
        body: JSON.stringify({ customTags }),
      });
    await patch(`PATCH: add the tag ${scenarioTag}`, [...tags.filter((t) => t !== scenarioTag), scenarioTag]);
    await patch('PATCH: restore the tags', tags);
    await step({
      name: 'comment',
      expected: 200,
      method: 'POST',
      url: `${byId(target.id)}/comments`,
      headers: json,
      body: JSON.stringify({ comment: scenarioComment }),
    });
  } else
    for (const name of ['PATCH: add a tag', 'PATCH: restore the tags', 'comment'])
      skip(
        { name, expected: 200, method: name === 'comment' ? 'POST' : 'PATCH', url: `${incidents}/{id}` },
        noIncident,
      );

  // Error classes. Reads first; the writing ones are rejected by the service and change nothing, but they use a
  // writing method, so they run only with allowWrites.
  await step({
    name: '400: invalid $filter',
    expected: 400,
    url: `${incidents}${odataQuery({ $filter: 'severity eq' })}`,
  });
  await step({ name: '401: no Authorization header', expected: 401, url: incidents, token: null });
  const forbidden = {
    name: '403: a token without SecurityIncident permissions',
    expected: 403,
    url: incidents,
  };
  await (options.forbiddenToken === undefined
    ? skip(forbidden, 'needs a token without SecurityIncident permissions')
    : step({ ...forbidden, token: options.forbiddenToken }));
  await step({ name: '404: an unknown incident', expected: 404, url: byId(missingIncidentId) });
  for (const [status, header] of [
    [429, '429'],
    [503, '503; retry-after=5'],
  ] as const) {
    const call = { name: `${status}: forced by the mock`, expected: status, url: incidents };
    await (options.faultInjection
      ? step({ ...call, headers: { 'x-mock-fault': header } })
      : skip(call, 'only the mock can force it (--mock)'));
  }
  const someId = target?.id ?? missingIncidentId;
  await step({
    name: '400: PATCH a read-only property',
    expected: 400,
    method: 'PATCH',
    url: byId(someId),
    headers: json,
    body: JSON.stringify({ createdDateTime: '2020-01-01T00:00:00Z' }),
  });
  await step({
    name: '400: PATCH an invalid enum value',
    expected: 400,
    method: 'PATCH',
    url: byId(someId),
    headers: json,
    body: JSON.stringify({ status: 'closedForever' }),
  });
  await step({
    name: '415: PATCH with Content-Type text/plain',
    expected: 415,
    method: 'PATCH',
    url: byId(someId),
    headers: { 'content-type': 'text/plain' },
    body: 'status=active',
  });
  await step({ name: '405: POST to $count', expected: 405, method: 'POST', url: `${incidents}/$count` });

  return { steps };
}

/** `?$filter=…&$top=2`: OData option names keep their `$`, values are percent-encoded. */
function odataQuery(query: Readonly<Record<string, string>>): string {
  const parts = Object.entries(query).map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function itemsOf(body: unknown): Incident[] {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)['value'] : [];
  return Array.isArray(value)
    ? value.filter((item): item is Incident => typeof (item as { id?: unknown } | null)?.id === 'string')
    : [];
}

/**
 * An unsigned JWT-shaped token with the given claims, for the mock's 403 and 401 paths (the mock decodes tokens
 * without checking signatures; Graph rejects such tokens).
 */
export function unsignedToken(claims: Readonly<Record<string, unknown>>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}
