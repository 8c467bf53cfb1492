import type { EnumDescriptor } from '@graph-incidents/types';

/** One property of a schema, as `graph-metadata.gen.ts` describes it. */
export interface PropertyShape {
  /** A primitive type; `dateTime` for `format: date-time`, `open` for an open object. */
  readonly type?: 'string' | 'integer' | 'number' | 'boolean' | 'dateTime' | 'open';
  readonly literals?: readonly (string | number | boolean)[];
  readonly enum?: EnumDescriptor;
  /** The Graph name of the object schema the property holds. */
  readonly object?: string;
  readonly array?: boolean;
  readonly nullable?: boolean;
  readonly required?: boolean;
  /** Returned only with `$expand`. */
  readonly navigation?: boolean;
}

/** A polymorphic base: which schema each discriminator value names. */
export interface PolymorphicShape {
  readonly propertyName: string;
  readonly mapping: Readonly<Record<string, string>>;
}

/** One operation of the spec, as the mock server routes and authorizes it. */
export interface OperationShape {
  readonly method: string;
  /** The path template, e.g. `/security/incidents/{incidentId}`. */
  readonly path: string;
  /** Alternative permission sets: any one of them is enough. */
  readonly permissions: readonly (readonly string[])[];
  readonly query: Readonly<
    Record<
      string,
      { readonly type: string; readonly values?: readonly string[]; readonly filterable?: readonly string[] }
    >
  >;
  readonly requestBody?: {
    readonly schema: string;
    readonly contentType: string;
    readonly required: boolean;
  };
  readonly response?: { readonly status: number; readonly contentType: string; readonly schema?: string };
  readonly pageable?: { readonly nextLinkName: string; readonly itemName: string };
}

/** The properties of one schema, by name. */
export type SchemaShape = Readonly<Record<string, PropertyShape>>;

/** What `graph-metadata.gen.ts` describes of one Graph version, as the request handler reads it. */
export interface GraphMetadata {
  /** The service root the description declares, e.g. `https://graph.microsoft.com/beta`. */
  readonly serviceRoot: string;
  readonly schemaShapes: { readonly incident: SchemaShape } & Readonly<Record<string, SchemaShape>>;
  readonly polymorphicShapes: Readonly<Record<string, PolymorphicShape>>;
  readonly enumOrders: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly operations: Readonly<Record<string, OperationShape>>;
}
