/**
 * Least privilege from recorded traffic: each recorded request's operation and the permissions the contract's
 * `security` accepts for it (facts §2.2: list and get take SecurityIncident.Read.All or .ReadWrite.All; update and
 * comment take only .ReadWrite.All), the smallest set that covers every request, and how a grant compares with it.
 */
import type { Contract, ContractOperation } from './contract-model.js';
import { defaultContract } from './default-contract.js';
import { matchOperation } from './operations.js';
import type { InputProblem } from './recording.js';
import { type LoadedRecording, recordingList, type RecordingInput } from './recording-input.js';
import { claimsFromComment } from './token-claims.js';

/** Delegated permissions (a user's token, `scp`) or application permissions (an app's own token, `roles`). */
export type PermissionType = 'delegated' | 'application';

export interface LeastPrivilegeOptions {
  /** Default: the contract generated from this package's spec. */
  readonly contract?: Contract;
  /** Default: `application` when the recorded tokens carry `roles`, else `delegated`. */
  readonly type?: PermissionType;
  /** The permissions the app is granted. Default: the token claims each recorded request kept, if any. */
  readonly granted?: readonly string[];
}

/** One recorded request. */
export interface RequestRef {
  readonly file?: string;
  /** The index of the exchange in its recording, from 0. */
  readonly entry: number;
  readonly method: string;
  readonly url: string;
  readonly status: number;
}

/** A request of the contract, with the permissions that allow it. */
export interface PermissionNeed extends RequestRef {
  readonly operationId: string;
  /** Each set is enough on its own (the contract's `security`, for this permission type). */
  readonly alternatives: readonly (readonly string[])[];
  /** The least-privileged of them; absent when no permission of this type allows the operation. */
  readonly leastPrivileged?: readonly string[];
}

export interface RequiredPermission {
  readonly permission: string;
  /** The requests this permission is in the set for. */
  readonly requests: readonly RequestRef[];
}

export interface ExcessivePermission {
  readonly permission: string;
  readonly reason: string;
}

export interface InsufficientRequest extends RequestRef {
  readonly operationId: string;
  /** The least-privileged permissions the request needs (empty when none of this type allows it). */
  readonly needs: readonly string[];
}

/** One grant compared with the requests made under it. */
export interface GrantComparison {
  readonly granted: readonly string[];
  /** `option`: given by the caller; `recording`: the token claims the recording kept. */
  readonly source: 'option' | 'recording';
  /** How many judged requests were made under this grant. */
  readonly requests: number;
  /** The least-privileged set for those requests. */
  readonly required: readonly string[];
  /** Granted beyond that set. OpenID scopes (`openid`, `profile`, `email`, `offline_access`) are never listed. */
  readonly excessive: readonly ExcessivePermission[];
  /** Requests the grant does not allow. */
  readonly insufficient: readonly InsufficientRequest[];
  /** Granted permissions this contract does not know, kept because requests outside it may need them. */
  readonly notJudged: readonly string[];
}

export interface LeastPrivilegeResult {
  readonly type: PermissionType;
  /** Every request that is an operation of the contract, in order. */
  readonly requests: readonly PermissionNeed[];
  /** The smallest set of permissions that allows every request, least privileged first among equals. */
  readonly required: readonly RequiredPermission[];
  readonly grants: readonly GrantComparison[];
  /** Requests that are no operation of the contract (another API), or whose grant is unknown. */
  readonly notJudged: readonly (RequestRef & { readonly reason: string })[];
  readonly problems: readonly InputProblem[];
}

/** Scopes a token carries for sign-in, not for this API. */
export const openIdScopes: readonly string[] = ['openid', 'profile', 'email', 'offline_access'];

/** OAuth 2 flows by the kind of permission they grant (OpenAPI 3.1 `flows`). */
const flowsOf: Readonly<Record<PermissionType, readonly string[]>> = {
  delegated: ['authorizationCode', 'implicit', 'password'],
  application: ['clientCredentials'],
};

/**
 * The least-privileged permissions that recorded traffic needs, and how the granted ones compare.
 *
 * @example
 * const result = leastPrivilege([har], { type: 'application', granted: ['SecurityIncident.ReadWrite.All'] });
 * result.required.map((r) => r.permission); // ['SecurityIncident.Read.All'] for read-only traffic
 * result.grants[0]?.excessive; // [{ permission: 'SecurityIncident.ReadWrite.All', reason: '…' }]
 */
export function leastPrivilege(
  recordings: RecordingInput,
  options: LeastPrivilegeOptions = {},
): LeastPrivilegeResult {
  return leastPrivilegeOf(recordingList(recordings), options);
}

/** {@link leastPrivilege} of recordings already parsed (the CLI reads files first). */
export function leastPrivilegeOf(
  recordings: readonly LoadedRecording[],
  options: LeastPrivilegeOptions = {},
): LeastPrivilegeResult {
  const contract = options.contract ?? defaultContract;
  const problems = recordings.flatMap((r) => r.problems);
  const exchanges = recordings.flatMap((r) =>
    r.exchanges.map((exchange) => ({
      file: r.file,
      exchange,
      claims: claimsFromComment(exchange.request.comment),
    })),
  );
  const type: PermissionType =
    options.type ?? (exchanges.some((e) => e.claims?.roles !== undefined) ? 'application' : 'delegated');
  const rank = privilegeRank(contract, type);
  const requests: PermissionNeed[] = [];
  const notJudged: (RequestRef & { reason: string })[] = [];
  const grantOf = new Map<PermissionNeed, readonly string[] | undefined>();
  for (const { file, exchange, claims } of exchanges) {
    const ref: RequestRef = {
      ...(file === undefined ? {} : { file }),
      entry: exchange.index,
      method: exchange.request.method,
      url: exchange.request.url,
      status: exchange.response.status,
    };
    const match = matchOperation(contract, exchange.request.method, exchange.request.url);
    if (match.kind !== 'operation') {
      notJudged.push({
        ...ref,
        reason:
          match.kind === 'not-in-contract'
            ? match.reason
            : `${exchange.request.method} is no operation of ${match.path}`,
      });
      continue;
    }
    const alternatives = alternativesFor(contract, match.operation, type);
    if (alternatives === undefined) {
      notJudged.push({
        ...ref,
        reason: `the contract declares no security for ${match.operation.operationId}`,
      });
      continue;
    }
    const least = cheapest(alternatives, rank);
    const need: PermissionNeed = {
      ...ref,
      operationId: match.operation.operationId,
      alternatives,
      ...(least === undefined ? {} : { leastPrivileged: least }),
    };
    requests.push(need);
    grantOf.set(need, options.granted ?? (type === 'application' ? claims?.roles : claims?.scp));
  }
  const cover = smallestCover(requests, rank);
  const required = cover.map((permission) => ({
    permission,
    requests: requests
      .filter((request) =>
        cheapest(
          request.alternatives.filter((a) => a.every((p) => cover.includes(p))),
          rank,
        )?.includes(permission),
      )
      .map(refOf),
  }));

  const groups = new Map<string, { granted: readonly string[]; requests: PermissionNeed[] }>();
  for (const request of requests) {
    const granted = grantOf.get(request);
    if (granted === undefined) {
      notJudged.push({
        ...refOf(request),
        reason: `no ${type} permissions known: pass granted ones, or record with token claims`,
      });
      continue;
    }
    const key = JSON.stringify([...new Set(granted)].sort());
    const group = groups.get(key) ?? { granted: [...new Set(granted)], requests: [] };
    group.requests.push(request);
    groups.set(key, group);
  }
  const known = new Set(Object.keys(rank));
  const outsideTraffic = notJudged.some(
    (n) => !requests.some((r) => r.file === n.file && r.entry === n.entry),
  );
  const grants = [...groups.values()].map(({ granted, requests: made }) =>
    compareGrant(granted, made, rank, known, outsideTraffic, options.granted ? 'option' : 'recording'),
  );
  return { type, requests, required, grants, notJudged, problems };
}

function compareGrant(
  granted: readonly string[],
  requests: readonly PermissionNeed[],
  rank: Readonly<Record<string, number>>,
  known: ReadonlySet<string>,
  outsideTraffic: boolean,
  source: 'option' | 'recording',
): GrantComparison {
  const required = smallestCover(requests, rank);
  const insufficient = requests
    .filter((request) => !request.alternatives.some((set) => set.every((p) => granted.includes(p))))
    .map((request) => ({
      ...refOf(request),
      operationId: request.operationId,
      needs: request.leastPrivileged ?? [],
    }));
  const excessive: ExcessivePermission[] = [];
  const notJudged: string[] = [];
  for (const permission of granted) {
    if (required.includes(permission) || openIdScopes.includes(permission.toLowerCase())) continue;
    if (!known.has(permission)) {
      if (outsideTraffic) notJudged.push(permission);
      else excessive.push({ permission, reason: 'no recorded request needs it' });
      continue;
    }
    const serves = requests.filter((r) => r.alternatives.some((set) => set.includes(permission)));
    excessive.push({
      permission,
      reason:
        serves.length === 0
          ? 'no recorded request needs it'
          : `${required.join(' and ')} ${required.length === 1 ? 'is' : 'are'} enough for the ${serves.length} recorded request${serves.length === 1 ? '' : 's'} it allows, with fewer rights`,
    });
  }
  return { granted, source, requests: requests.length, required, excessive, insufficient, notJudged };
}

/**
 * The permission sets of one type that allow an operation, in the spec's order: a security requirement counts for
 * a type when each of its OAuth 2 schemes has a flow of that type declaring its scopes. Other schemes (no flows)
 * count for both. `undefined` when the contract declares no security for the operation.
 */
export function alternativesFor(
  contract: Contract,
  operation: ContractOperation,
  type: PermissionType,
): string[][] | undefined {
  if (operation.security === undefined) return undefined;
  const alternatives: string[][] = [];
  for (const requirement of operation.security) {
    const fits = Object.entries(requirement).every(([name, scopes]) => {
      const scheme = contractSchemes(contract)[name];
      if (scheme?.flows === undefined) return true;
      const flows = flowsOf[type].map((flow) => scheme.flows?.[flow]).filter((f) => f !== undefined);
      return flows.length > 0 && scopes.every((scope) => flows.some((declared) => declared.includes(scope)));
    });
    if (fits) alternatives.push([...new Set(Object.values(requirement).flat())]);
  }
  return alternatives;
}

function contractSchemes(contract: Contract): NonNullable<Contract['securitySchemes']> {
  return contract.securitySchemes ?? {};
}

/**
 * How much a permission grants: the number of the contract's operations it allows on its own, so that
 * SecurityIncident.Read.All (3 operations) ranks below .ReadWrite.All (5). Ties keep the spec's order.
 */
export function privilegeRank(contract: Contract, type: PermissionType): Record<string, number> {
  const count = new Map<string, number>();
  const order: string[] = [];
  for (const operation of contract.operations)
    for (const set of alternativesFor(contract, operation, type) ?? [])
      for (const permission of set) {
        if (!count.has(permission)) order.push(permission);
        count.set(permission, (count.get(permission) ?? 0) + 1);
      }
  // Ties are broken by first appearance: a fraction below 1 that keeps the order.
  return Object.fromEntries(order.map((p, index) => [p, count.get(p)! + index / (order.length + 1)]));
}

function weight(set: readonly string[], rank: Readonly<Record<string, number>>): number {
  return set.reduce((sum, permission) => sum + (rank[permission] ?? 1000), 0);
}

/** The alternative with the fewest permissions, then the least rank. */
function cheapest(
  alternatives: readonly (readonly string[])[],
  rank: Readonly<Record<string, number>>,
): readonly string[] | undefined {
  return [...alternatives].sort((a, b) => a.length - b.length || weight(a, rank) - weight(b, rank))[0];
}

/**
 * The smallest set of permissions with which every request has an allowed alternative; among sets of that size,
 * the least privileged. Exhaustive over the candidates (a contract names a handful), greedy beyond 16.
 */
export function smallestCover(
  requests: readonly Pick<PermissionNeed, 'alternatives'>[],
  rank: Readonly<Record<string, number>>,
): string[] {
  const needs = uniqueAlternatives(requests.map((r) => r.alternatives).filter((a) => a.length > 0));
  const covers = (set: ReadonlySet<string>): boolean =>
    needs.every((alternatives) => alternatives.some((a) => a.every((p) => set.has(p))));
  const candidates = [...new Set(needs.flat(2))].sort((a, b) => (rank[a] ?? 1000) - (rank[b] ?? 1000));
  if (candidates.length <= 16) {
    let best: string[] | undefined;
    for (let mask = 0; mask < 1 << candidates.length; mask += 1) {
      const set = candidates.filter((_, index) => (mask & (1 << index)) !== 0);
      if (!covers(new Set(set))) continue;
      if (
        best === undefined ||
        set.length < best.length ||
        (set.length === best.length && weight(set, rank) < weight(best, rank))
      )
        best = set;
    }
    return best ?? [];
  }
  const chosen = new Set<string>();
  for (const alternatives of needs)
    if (!alternatives.some((a) => a.every((p) => chosen.has(p))))
      for (const permission of cheapest(alternatives, rank) ?? []) chosen.add(permission);
  return [...chosen];
}

function uniqueAlternatives(
  lists: readonly (readonly (readonly string[])[])[],
): (readonly (readonly string[])[])[] {
  const seen = new Map<string, readonly (readonly string[])[]>();
  for (const list of lists) seen.set(JSON.stringify(list), list);
  return [...seen.values()];
}

function refOf(request: RequestRef): RequestRef {
  const { file, entry, method, url, status } = request;
  return { ...(file === undefined ? {} : { file }), entry, method, url, status };
}
