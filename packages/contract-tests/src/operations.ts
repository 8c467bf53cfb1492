import type { Contract, ContractOperation, ContractResponse } from './contract-model.js';

/** The Graph versions a recorded URL may start with. */
export const versionPrefixes = ['v1.0', 'beta'] as const;

export type OperationMatch =
  | {
      readonly kind: 'operation';
      readonly operation: ContractOperation;
      readonly version: string;
      /** Path parameter values from the URL, e.g. `{ incidentId: '29' }`. */
      readonly pathParams: Readonly<Record<string, string>>;
    }
  /** The path is the contract's, the method is not: the recording calls an undeclared operation. */
  | { readonly kind: 'method-not-declared'; readonly path: string; readonly methods: readonly string[] }
  /** Not this API (another Graph resource, or not a versioned Graph URL): the exchange is skipped. */
  | { readonly kind: 'not-in-contract'; readonly reason: string };

/**
 * Finds the operation of a recorded request by method and path template, on any host, after a `/v1.0` or `/beta`
 * prefix. Literal segments win over parameters, so `/security/incidents/$count` is not an incident id.
 */
export function matchOperation(contract: Contract, method: string, url: string): OperationMatch {
  let pathname: string;
  try {
    pathname = new URL(url, 'https://graph.microsoft.com').pathname;
  } catch {
    return { kind: 'not-in-contract', reason: `not a URL: ${url}` };
  }
  const segments = pathname.split('/').filter(Boolean).map(decodeSegment);
  const version = segments.shift();
  if (!version || !(versionPrefixes as readonly string[]).includes(version))
    return {
      kind: 'not-in-contract',
      reason: `the path does not start with /${versionPrefixes.join(' or /')}`,
    };

  const candidates: { path: string; params: Record<string, string>; paramCount: number }[] = [];
  for (const path of new Set(contract.operations.map((op) => op.path))) {
    const params = matchTemplate(path, segments);
    if (params) candidates.push({ path, params, paramCount: Object.keys(params).length });
  }
  candidates.sort((a, b) => a.paramCount - b.paramCount);
  const best = candidates[0];
  if (!best)
    return {
      kind: 'not-in-contract',
      reason: `no operation of the contract has the path /${segments.join('/')}`,
    };
  const upper = method.toUpperCase();
  const operation = contract.operations.find((op) => op.path === best.path && op.method === upper);
  if (!operation)
    return {
      kind: 'method-not-declared',
      path: best.path,
      methods: contract.operations.filter((op) => op.path === best.path).map((op) => op.method),
    };
  return { kind: 'operation', operation, version, pathParams: best.params };
}

function matchTemplate(template: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = template.split('/').filter(Boolean);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index]!;
    const param = /^\{(.+)\}$/.exec(part)?.[1];
    if (param !== undefined) params[param] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The declared response for a status: the exact code first, then its range (`4XX`), then `default`. */
export function matchResponse(operation: ContractOperation, status: number): ContractResponse | undefined {
  const code = String(status);
  const range = `${code.charAt(0)}XX`;
  return (
    operation.responses.find((r) => r.status === code) ??
    operation.responses.find((r) => r.status.toUpperCase() === range) ??
    operation.responses.find((r) => r.status === 'default')
  );
}

/** `application/json;odata.metadata=minimal;charset=utf-8` → `application/json`. */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** True for `application/json` and `application/*+json`. */
export function isJsonMediaType(type: string): boolean {
  const media = mediaType(type);
  return media === 'application/json' || media.endsWith('+json');
}
