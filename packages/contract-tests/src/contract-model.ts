/** The contract a recording is checked against: the operations and the JSON Schemas of one API description. */

export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSON Schema (2020-12) object. */
export type JsonSchema = { readonly [keyword: string]: JsonValue };

/** Where a contract comes from. */
export interface ContractSource {
  /** The description file, e.g. `specs/v1.0/openapi.yaml`. */
  readonly file: string;
  /** `info.version` of the description. */
  readonly version: string;
  /** The default server URL, e.g. `https://graph.microsoft.com/v1.0`. */
  readonly baseUrl: string;
}

/** One declared response of an operation. */
export interface ContractResponse {
  /** `200`, a range such as `4XX`, or `default`. */
  readonly status: string;
  /** The declared media type, e.g. `application/json`. Absent when the response has no body. */
  readonly contentType?: string;
  /** The schema key of the body, a key of {@link Contract.schemas}. */
  readonly schema?: string;
}

/** One operation: what a recorded exchange is matched against. */
export interface ContractOperation {
  readonly operationId: string;
  /** Upper case, e.g. `PATCH`. */
  readonly method: string;
  /** The path template without the version prefix, e.g. `/security/incidents/{incidentId}`. */
  readonly path: string;
  readonly responses: readonly ContractResponse[];
  /**
   * OpenAPI security requirements (scheme name → scopes it needs): any one of them is enough. The operation's own
   * `security`, or else the document's; absent when the description declares none.
   */
  readonly security?: readonly SecurityRequirement[];
}

/** One OpenAPI security requirement: every scheme named, with every scope listed, is needed. */
export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

/** A security scheme, reduced to what least-privilege analysis needs. */
export interface ContractSecurityScheme {
  /** `oauth2`, `openIdConnect`, `http`, `apiKey`… */
  readonly type: string;
  /**
   * OAuth 2 flows → the scope names each declares. `authorizationCode`, `implicit` and `password` grant delegated
   * permissions (`scp`); `clientCredentials` grants application permissions (`roles`).
   */
  readonly flows?: Readonly<Record<string, readonly string[]>>;
}

/** Everything the verifier needs from an API description. */
export interface Contract {
  readonly source: ContractSource;
  /** The prefix of every schema `$id`. */
  readonly schemaIdPrefix: string;
  readonly operations: readonly ContractOperation[];
  /** Schema key → JSON Schema with its `$id`. */
  readonly schemas: Readonly<Record<string, JsonSchema>>;
  /** The security schemes operations' `security` names. Absent when the description declares none. */
  readonly securitySchemes?: Readonly<Record<string, ContractSecurityScheme>>;
}
