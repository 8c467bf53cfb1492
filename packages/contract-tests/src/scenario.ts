/**
 * The contract scenario: one fixed sequence of requests that exercises every operation of the incident API, its
 * OData options, both `Prefer` modes and each error class. It runs against any service root through the `fetch` it
 * is given, so the same steps check our mock in tests and record real Graph traffic in `graph-incidents-contract
 * record`. Plain `fetch` on purpose: the package needs no client at run time.
 *
 * Each step names the source of the status it expects (facts.md section, corpus file, docs). A step without one
 * checks a behaviour nobody has seen Graph show (the mock's *assumed* answers, @graph-incidents/mocks BEHAVIOUR.md):
 * it still runs, and its outcome is `unverified`, never a failure of the service.
 */

/** What happened to one step. */
export interface StepOutcome {
  readonly name: string;
  /**
   * `expected`: the sourced status; `unexpected`: another one; `unverified`: an assumed behaviour, reported with the
   * status received, whatever it is; `skipped`: not sent, see `reason`.
   */
  readonly outcome: 'expected' | 'unexpected' | 'unverified' | 'skipped';
  readonly method: string;
  readonly url: string;
  /** The status the step expects: Graph's, where `source` names where it comes from; else the mock's assumption. */
  readonly expectedStatus: number;
  /** Where the expected status comes from (`facts.md §8`, a corpus file, docs); absent for an assumed behaviour. */
  readonly source?: string;
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
   * (unreadable JSON, invalid enum value, another `@odata.type`, read-only property, `{}`, 405). Default `false`:
   * only GET requests are sent.
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
  /** Where Graph's behaviour comes from; `undefined` for a behaviour only the mock assumes. */
  readonly source: string | undefined;
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
      ...(call.source === undefined ? {} : { source: call.source }),
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
      outcome:
        call.source === undefined
          ? 'unverified'
          : response.status === call.expected
            ? 'expected'
            : 'unexpected',
      method,
      url: call.url,
      expectedStatus: call.expected,
      ...(call.source === undefined ? {} : { source: call.source }),
      status: response.status,
    });
    return { status: response.status, body };
  }

  /** Lists up to `pages` pages, following `@odata.nextLink` as given. Returns every incident seen. */
  async function listPages(
    name: string,
    source: string,
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
        source,
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

  // Lists, several pages each: $filter with $count, $select with $orderby, $expand. The $filter is the
  // createdDateTime window integrations page with on the live service (facts.md §8).
  const listed = await listPages(
    'list with $filter and $count',
    'facts.md §2.1, §8',
    {
      $filter: 'createdDateTime ge 2000-01-01T00:00:00Z and createdDateTime lt 2100-01-01T00:00:00Z',
      $count: 'true',
      $top: '2',
    },
    3,
  );
  await listPages(
    'list with $select and $orderby',
    'facts.md §2.1 (OAS/CSDL)',
    {
      $select: 'id,displayName,status,severity,createdDateTime',
      $orderby: 'createdDateTime desc',
      $top: '2',
    },
    2,
  );
  await listPages('list with $expand=alerts', 'facts.md §2', { $expand: 'alerts', $top: '2' }, 2);

  // One incident: get, $select, $expand.
  const target = listed[0];
  const byId = (id: string): string => `${incidents}/${encodeURIComponent(id)}`;
  const noIncident = 'the list returned no incident';
  const get = (name: string, source: string, query: Readonly<Record<string, string>> = {}) =>
    target
      ? step({ name, expected: 200, source, url: `${byId(target.id)}${odataQuery(query)}` })
      : skip({ name, expected: 200, source, url: `${incidents}/{id}` }, noIncident);
  await get('get', 'facts.md §2');
  await get('get with $select', 'facts.md §2 (OAS)', { $select: 'id,status,severity,assignedTo' });
  const expanded = await get('get with $expand=alerts', 'facts.md §2', { $expand: 'alerts' });

  // $count, as text/plain.
  await step({ name: '$count', expected: 200, source: 'facts.md §2 (OAS)', url: `${incidents}/$count` });
  await step({
    name: '$count with $filter',
    expected: 200,
    source: 'facts.md §2 (OAS)',
    url: `${incidents}/$count${odataQuery({ $filter: "severity eq 'high'" })}`,
  });

  // The alerts of an incident: the paths Microsoft's OpenAPI lists (facts.md §2, "Alerts of an incident").
  const alertsSource = 'facts.md §2 (OAS)';
  const alertsUrl = target ? `${byId(target.id)}/alerts` : `${incidents}/{id}/alerts`;
  const alertSteps = [
    { name: 'alerts of an incident', url: `${alertsUrl}${odataQuery({ $top: '2' })}` },
    { name: 'alerts of an incident, $count', url: `${alertsUrl}/$count` },
  ];
  for (const call of alertSteps)
    await (target
      ? step({ ...call, expected: 200, source: alertsSource })
      : skip({ ...call, expected: 200, source: alertsSource }, noIncident));
  const firstAlert = itemsOf({ value: (expanded?.body as { alerts?: unknown } | undefined)?.alerts })[0];
  const alertCall = {
    name: 'one alert of an incident',
    expected: 200,
    source: alertsSource,
    url: `${alertsUrl}/${firstAlert ? encodeURIComponent(firstAlert.id) : '{alertId}'}`,
  };
  await (firstAlert ? step(alertCall) : skip(alertCall, 'the incident has no alert'));

  // /beta takes system query options without their `$` (docs: learn.microsoft.com/graph/query-parameters).
  const betaRoot = /\/v1\.0$/.test(root)
    ? root.replace(/\/v1\.0$/, '/beta')
    : /\/beta$/.test(root)
      ? root
      : undefined;
  const betaCall = {
    name: 'beta: top=1&select=id without $',
    expected: 200,
    source: 'docs: learn.microsoft.com/graph/query-parameters',
    url: `${betaRoot ?? `${root}/../beta`}/security/incidents?top=1&select=id`,
  };
  await (betaRoot ? step(betaCall) : skip(betaCall, 'the base URL names no version'));

  // Both Prefer modes: newer members such as awaitingAction appear only with the header.
  const awaiting = await listPages(
    'list awaitingAction with Prefer: include-unknown-enum-members',
    'facts.md §1.5',
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
      source: 'facts.md §1.5',
      url: `${waiting ? byId(waiting.id) : `${incidents}/{id}`}${odataQuery({ $expand: 'alerts' })}`,
      headers,
    };
    await (waiting ? step(call) : skip(call, noWaiting));
  }
  await listPages(
    'list unknownFutureValue without Prefer',
    'facts.md §1.5',
    { $filter: "status eq 'unknownFutureValue'", $top: '2' },
    1,
  );

  // Writes: a PATCH that adds a tag, one that restores the tags (with the `@odata.type` the seed's PATCH example
  // sends, facts.md §8), and a comment shaped as the 2026 docs example (corpus v1.0-post-incident-comment).
  if (target) {
    const tags = Array.isArray(target['customTags']) ? (target['customTags'] as string[]) : [];
    await step({
      name: `PATCH: add the tag ${scenarioTag}`,
      expected: 200,
      source: 'facts.md §2, corpus v1.0-update-incident',
      method: 'PATCH',
      url: byId(target.id),
      headers: json,
      body: JSON.stringify({ customTags: [...tags.filter((t) => t !== scenarioTag), scenarioTag] }),
    });
    await step({
      name: 'PATCH: restore the tags, with @odata.type naming incident',
      expected: 200,
      source: 'facts.md §8',
      method: 'PATCH',
      url: byId(target.id),
      headers: json,
      body: JSON.stringify({ '@odata.type': '#microsoft.graph.security.incident', customTags: tags }),
    });
    await step({
      name: 'comment',
      expected: 200,
      source: 'facts.md §2, corpus G',
      method: 'POST',
      url: `${byId(target.id)}/comments`,
      headers: json,
      body: JSON.stringify({
        '@odata.type': 'microsoft.graph.security.alertComment',
        comment: scenarioComment,
      }),
    });
  } else
    for (const name of ['PATCH: add a tag', 'PATCH: restore the tags', 'comment'])
      skip(
        {
          name,
          expected: 200,
          source: 'facts.md §2',
          method: name === 'comment' ? 'POST' : 'PATCH',
          url: `${incidents}/{id}`,
        },
        noIncident,
      );

  // Error classes. Reads first; the writing ones are rejected by the service and change nothing, but they use a
  // writing method, so they run only with allowWrites.
  await step({
    name: '400: invalid $filter',
    expected: 400,
    source: 'facts.md §3',
    url: `${incidents}${odataQuery({ $filter: 'severity eq' })}`,
  });
  await step({
    name: '400: $top above 50',
    expected: 400,
    source: 'facts.md §8',
    url: `${incidents}${odataQuery({ $top: '100' })}`,
  });
  await step({
    name: '401: no Authorization header',
    expected: 401,
    source: 'facts.md §2.3, §8',
    url: incidents,
    token: null,
  });
  const forbidden = {
    name: '403: a token without SecurityIncident permissions',
    expected: 403,
    source: 'facts.md §2.2, §3',
    url: incidents,
  };
  await (options.forbiddenToken === undefined
    ? skip(forbidden, 'needs a token without SecurityIncident permissions')
    : step({ ...forbidden, token: options.forbiddenToken }));
  await step({
    name: '404: an unknown incident',
    expected: 404,
    source: 'facts.md §3',
    url: byId(missingIncidentId),
  });
  for (const [status, header] of [
    [429, '429'],
    [503, '503; retry-after=5'],
  ] as const) {
    const call = {
      name: `${status}: forced by the mock`,
      expected: status,
      source: 'facts.md §3 (docs throttling)',
      url: incidents,
    };
    await (options.faultInjection
      ? step({ ...call, headers: { 'x-mock-fault': header } })
      : skip(call, 'only the mock can force it (--mock)'));
  }
  const someId = target?.id ?? missingIncidentId;
  const patchBody = (
    name: string,
    body: string,
    source: string | undefined,
    headers: Readonly<Record<string, string>> = json,
  ) => step({ name, expected: 400, source, method: 'PATCH', url: byId(someId), headers, body });
  await patchBody('400: PATCH with Content-Type text/plain', 'status=active', 'facts.md §8', {
    'content-type': 'text/plain',
  });
  await patchBody('400: PATCH with malformed JSON', '{"status": ', 'facts.md §8');
  await patchBody(
    '400: PATCH an invalid enum value',
    JSON.stringify({ status: 'closedForever' }),
    'facts.md §3, §6',
  );
  await patchBody(
    '400: PATCH with @odata.type naming another type',
    JSON.stringify({ '@odata.type': '#microsoft.graph.security.alert', assignedTo: null }),
    'facts.md §8',
  );
  // Assumed: nothing in the references shows what Graph answers here. Reported as unverified.
  await patchBody(
    '400: PATCH a read-only property (assumed)',
    JSON.stringify({ createdDateTime: '2020-01-01T00:00:00Z' }),
    undefined,
  );
  await patchBody('400: PATCH an empty object (assumed)', '{}', undefined);
  await step({
    name: '405: POST to $count (assumed)',
    expected: 405,
    source: undefined,
    method: 'POST',
    url: `${incidents}/$count`,
  });

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
