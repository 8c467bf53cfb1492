import type { JsonObject } from './load.ts';

/**
 * The neutral description of an API that every emitter reads. Emitters never look at raw OpenAPI, except the
 * openapi-typescript bridge, which needs the (validated, canonical) document itself.
 */
export interface ApiModel {
  /** The spec file, relative to the workspace root. */
  readonly file: string;
  /** `info.version` of the description. */
  readonly version: string;
  /** The default server URL, e.g. `https://graph.microsoft.com/v1.0`. */
  readonly baseUrl: string;
  /** The validated document with its keys sorted. */
  readonly document: JsonObject;
  readonly enums: readonly EnumModel[];
  readonly objects: readonly ObjectModel[];
  /** Schemas that are neither enums nor objects, e.g. `ODataCountResponse` (an integer). */
  readonly scalars: readonly ScalarModel[];
  readonly operations: readonly OperationModel[];
}

export interface NamedModel {
  /** The schema's key under `components.schemas`, e.g. `microsoft.graph.security.incident`. */
  readonly key: string;
  /** The TypeScript name, e.g. `Incident`. */
  readonly tsName: string;
  /** The Graph name, the key's last segment, e.g. `incident`. */
  readonly graphName: string;
  readonly description: string;
}

/** A string enum. For evolvable enums, `sentinel` is `unknownFutureValue`. */
export interface EnumModel extends NamedModel {
  readonly kind: 'enum';
  /** Every member in declaration order, those after the sentinel included. */
  readonly members: readonly string[];
  readonly sentinel?: string;
  /** Members declared after the sentinel: returned only with `Prefer: include-unknown-enum-members`. */
  readonly afterSentinel: readonly string[];
  /** Numeric values, where the spec gives them (they order `$orderby`). */
  readonly values?: Readonly<Record<string, number>>;
}

export interface ScalarModel extends NamedModel {
  readonly kind: 'scalar';
  readonly type: TypeRef;
}

export interface ObjectModel extends NamedModel {
  readonly kind: 'object';
  /** Own and inherited properties, sorted by name. */
  readonly properties: readonly PropertyModel[];
  /** True when the type accepts properties it does not declare (an OData open type). */
  readonly open: boolean;
  /** The schema this one extends through `allOf`. */
  readonly base?: string;
  /** Present on a polymorphic base: the discriminator property and the value → derived schema key map. */
  readonly discriminator?: {
    readonly propertyName: string;
    readonly mapping: Readonly<Record<string, string>>;
  };
  /** Present on a derived type: the discriminator property and its value for this type. */
  readonly discriminatorValue?: { readonly propertyName: string; readonly value: string };
  /** Properties whose facts could not be verified: the type is treated as open. */
  readonly unverified: boolean;
}

export interface PropertyModel {
  readonly name: string;
  readonly description: string;
  readonly type: TypeRef;
  readonly nullable: boolean;
  readonly required: boolean;
  /** A navigation property (returned only with `$expand`). */
  readonly navigation: boolean;
}

export type PrimitiveName = 'string' | 'integer' | 'number' | 'boolean';

export type TypeRef =
  | {
      readonly kind: 'primitive';
      readonly type: PrimitiveName;
      readonly format?: string;
      /** Allowed literal values (`const` or an inline `enum`). */
      readonly literals?: readonly (string | number | boolean)[];
      readonly minimum?: number;
      readonly maximum?: number;
      readonly minLength?: number;
    }
  | { readonly kind: 'ref'; readonly key: string }
  | { readonly kind: 'array'; readonly items: TypeRef; readonly itemsNullable: boolean }
  | { readonly kind: 'open-object' };

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options' | 'trace';

export interface OperationModel {
  readonly operationId: string;
  /** Where the operation is in the spec, e.g. `#/paths/~1security~1incidents/get`. */
  readonly pointer: string;
  readonly method: HttpMethod;
  /** The path template, e.g. `/security/incidents/{incidentId}`. */
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  readonly parameters: readonly ParameterModel[];
  readonly requestBody?: {
    readonly contentType: string;
    readonly schemaKey: string;
    readonly required: boolean;
  };
  readonly responses: readonly ResponseModel[];
  /** Alternative permission sets: any one of them is enough. */
  readonly permissions: readonly (readonly string[])[];
  /** Present on pageable list operations. */
  readonly pageable?: { readonly nextLinkName: string; readonly itemName: string };
}

export interface ParameterModel {
  readonly name: string;
  /** Where the parameter is used in the spec (its entry in the operation's or path item's `parameters`). */
  readonly pointer: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly description: string;
  readonly type: TypeRef;
  /** `false` for comma-joined arrays (`$select=id,status`). */
  readonly explode: boolean;
  /** For `$filter`: the properties the service filters on. */
  readonly filterable?: readonly string[];
}

export interface ResponseModel {
  /** `200`, `4XX`, `default`… */
  readonly status: string;
  readonly description: string;
  readonly contentType?: string;
  readonly schemaKey?: string;
}

/** `alertComment` → `AlertComment`; `ODataCountResponse` stays as it is. */
export function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `AlertComment` → `alertComment`. */
export function camelCase(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Looks up a named schema of the model. */
export function findSchema(model: ApiModel, key: string): EnumModel | ObjectModel | ScalarModel | undefined {
  return (
    model.enums.find((e) => e.key === key) ??
    model.objects.find((o) => o.key === key) ??
    model.scalars.find((s) => s.key === key)
  );
}
