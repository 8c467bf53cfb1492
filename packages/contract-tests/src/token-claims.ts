/**
 * The permission claims of a bearer token, kept in a recording without the token: `roles` (application
 * permissions) and `scp` (delegated permissions, space-separated in the token). Only these two claims are read;
 * nothing else of the token (user, tenant, signature) is kept.
 */

/** What a recording keeps of a token. */
export interface PermissionClaims {
  /** Application permissions (`roles`). */
  readonly roles?: readonly string[];
  /** Delegated permissions (`scp`), split on spaces. */
  readonly scp?: readonly string[];
}

/** The prefix of the HAR `request.comment` that carries the claims, followed by their JSON. */
export const claimsCommentPrefix = 'token claims: ';

/** The `roles` and `scp` claims of `Authorization: Bearer <JWT>`, or `undefined` for anything else. */
export function permissionClaimsOf(authorization: string | null | undefined): PermissionClaims | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec((authorization ?? '').trim())?.[1];
  const parts = token?.split('.');
  if (parts?.length !== 3) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (payload === null || typeof payload !== 'object') return undefined;
  return claimsFrom(payload as Record<string, unknown>);
}

/** `roles` as an array of strings and `scp` as a space-separated string (or an array), as tokens carry them. */
function claimsFrom(payload: Record<string, unknown>): PermissionClaims | undefined {
  const list = (value: unknown): string[] | undefined => {
    if (typeof value === 'string') return value.split(' ').filter(Boolean);
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
    return undefined;
  };
  const roles = list(payload['roles']);
  const scp = list(payload['scp']);
  if (roles === undefined && scp === undefined) return undefined;
  return { ...(roles === undefined ? {} : { roles }), ...(scp === undefined ? {} : { scp }) };
}

/** `token claims: {"roles":["SecurityIncident.Read.All"]}`. */
export function claimsComment(claims: PermissionClaims): string {
  return `${claimsCommentPrefix}${JSON.stringify(claims)}`;
}

/** The claims a `request.comment` carries, or `undefined` when it carries none. */
export function claimsFromComment(comment: string | undefined): PermissionClaims | undefined {
  if (comment === undefined || !comment.startsWith(claimsCommentPrefix)) return undefined;
  try {
    const value: unknown = JSON.parse(comment.slice(claimsCommentPrefix.length));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? claimsFrom(value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
