import { SaxesParser } from 'saxes';
import { setOwn } from './json.ts';

/**
 * Reading OData CSDL XML (`$metadata`, as published in microsoftgraph/msgraph-metadata) into the few facts the
 * CSDL → OpenAPI conversion needs: structured and enum types, the entity container and the annotations, each with
 * the line it was declared on. Aliases (`graph.` for `microsoft.graph.`, `self.` inside a schema) are resolved by
 * {@link CsdlModel.qualify}. The XML is parsed by saxes, a streaming, well-formedness-checking parser that tracks
 * positions, so a malformed file is reported at its line and the element it was inside.
 */
export interface CsdlModel {
  readonly file: string;
  /** Structured and enum types by their namespace-qualified name. */
  readonly types: ReadonlyMap<string, CsdlType>;
  readonly containers: readonly CsdlContainer[];
  /** Annotations by resolved target (`ns.type`, `ns.type/property`, `ns.Container/set`), then by term. */
  readonly annotations: ReadonlyMap<string, ReadonlyMap<string, AnnotationValue>>;
  /** `self.incident` → `microsoft.graph.security.incident`; `Collection(...)` is stripped by the caller. */
  readonly qualify: (name: string) => string;
  /**
   * Types declared more than once, by qualified name, with the line of the second declaration (`types` keeps the
   * first). CSDL names a type once in its namespace (§5.1); the conversion refuses one that the slice reaches.
   */
  readonly redeclared: ReadonlyMap<string, number>;
}

export type AnnotationValue = string | number | boolean | AnnotationValue[] | AnnotationRecord;
export interface AnnotationRecord {
  readonly [property: string]: AnnotationValue;
}

export interface CsdlProperty {
  readonly name: string;
  /** The type as written, e.g. `Collection(self.alertComment)`. */
  readonly type: string;
  /** The `Nullable` attribute, `undefined` when absent. */
  readonly nullable: boolean | undefined;
  readonly navigation: boolean;
  readonly containsTarget: boolean;
  readonly line: number;
}

export interface CsdlStructuredType {
  readonly kind: 'entity' | 'complex';
  readonly name: string;
  readonly fullName: string;
  /** `BaseType` as written. */
  readonly baseType: string | undefined;
  readonly abstract: boolean;
  readonly openType: boolean;
  readonly key: readonly string[];
  readonly properties: readonly CsdlProperty[];
  readonly line: number;
}

export interface CsdlEnumType {
  readonly kind: 'enum';
  readonly name: string;
  readonly fullName: string;
  readonly isFlags: boolean;
  /** Each member's `Value` as written (csdl-schemas.ts reads it, for the enums the slice reaches), and its line. */
  readonly members: readonly {
    readonly name: string;
    readonly value: string | undefined;
    readonly line: number;
  }[];
  readonly line: number;
}

export type CsdlType = CsdlStructuredType | CsdlEnumType;

export interface CsdlContainer {
  readonly fullName: string;
  readonly singletons: readonly { readonly name: string; readonly type: string; readonly line: number }[];
  readonly entitySets: readonly { readonly name: string; readonly type: string; readonly line: number }[];
}

/** A CSDL file that cannot be read or converted: `file:line: message (element)`. */
export class CsdlError extends Error {
  override name = 'CsdlError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly element: string,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}${element ? ` (in ${element})` : ''}`);
  }
}

/** True when `text` looks like XML rather than YAML or JSON (the first non-blank character is `<`). */
export function looksLikeXml(text: string): boolean {
  return /^\uFEFF?\s*</.test(text);
}

interface Frame {
  readonly tag: string;
  readonly attributes: Record<string, string>;
  readonly line: number;
  /** For annotation values under construction. */
  value?: AnnotationValue;
  text?: string;
}

const valueAttributes = [
  'Bool',
  'String',
  'Int',
  'Float',
  'Decimal',
  'EnumMember',
  'Path',
  'PropertyPath',
  'NavigationPropertyPath',
  'AnnotationPath',
  'Date',
  'DateTimeOffset',
  'Duration',
  'Guid',
] as const;
const leafElements = new Set<string>(valueAttributes);

/** Parses CSDL XML text. Throws a {@link CsdlError} with the line and enclosing element on malformed XML. */
export function readCsdl(text: string, file: string): CsdlModel {
  const aliases = new Map<string, string>();
  const types = new Map<string, CsdlType>();
  const redeclared = new Map<string, number>();
  // The first declaration stays; a later one is noted, for the conversion to refuse if it reaches the type.
  const declare = (type: CsdlType) => {
    if (!types.has(type.fullName)) types.set(type.fullName, type);
    else if (!redeclared.has(type.fullName)) redeclared.set(type.fullName, type.line);
  };
  const containers: CsdlContainer[] = [];
  const rawAnnotations: { target: string; namespace: string; term: string; value: AnnotationValue }[] = [];
  const stack: Frame[] = [];
  let namespace = '';
  let current:
    | { kind: 'entity' | 'complex'; properties: CsdlProperty[]; key: string[]; frame: Frame }
    | { kind: 'enum'; members: { name: string; value: string | undefined; line: number }[]; frame: Frame }
    | undefined;
  let container:
    | {
        fullName: string;
        singletons: CsdlContainer['singletons'][number][];
        entitySets: CsdlContainer['entitySets'][number][];
      }
    | undefined;
  let sawEdmx = false;

  const parser = new SaxesParser({ position: true });
  let tagLine = 1;
  parser.on('opentagstart', () => {
    tagLine = parser.line;
  });
  parser.on('text', (chunk) => {
    const top = stack.at(-1);
    if (top && top.text !== undefined) top.text += chunk;
  });
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    const attributes = tag.attributes as Record<string, string>;
    const frame: Frame = { tag: name, attributes, line: tagLine };
    stack.push(frame);
    switch (name) {
      case 'Edmx':
        sawEdmx = true;
        break;
      case 'Include':
        if (attributes['Alias'] && attributes['Namespace'])
          aliases.set(attributes['Alias'], attributes['Namespace']);
        break;
      case 'Schema':
        namespace = attributes['Namespace'] ?? '';
        if (attributes['Alias']) aliases.set(attributes['Alias'], namespace);
        break;
      case 'EntityType':
      case 'ComplexType':
        current = { kind: name === 'EntityType' ? 'entity' : 'complex', properties: [], key: [], frame };
        break;
      case 'EnumType':
        current = { kind: 'enum', members: [], frame };
        break;
      case 'PropertyRef':
        if (current?.kind !== 'enum' && current && attributes['Name']) current.key.push(attributes['Name']);
        break;
      case 'Property':
      case 'NavigationProperty':
        if (current && current.kind !== 'enum' && stack.length >= 2 && stack.at(-2) === current.frame)
          current.properties.push({
            name: attributes['Name'] ?? '',
            type: attributes['Type'] ?? '',
            nullable: attributes['Nullable'] === undefined ? undefined : attributes['Nullable'] === 'true',
            navigation: name === 'NavigationProperty',
            containsTarget: attributes['ContainsTarget'] === 'true',
            line: tagLine,
          });
        break;
      case 'Member':
        if (current?.kind === 'enum')
          current.members.push({ name: attributes['Name'] ?? '', value: attributes['Value'], line: tagLine });
        break;
      case 'EntityContainer':
        container = { fullName: `${namespace}.${attributes['Name'] ?? ''}`, singletons: [], entitySets: [] };
        break;
      case 'Singleton':
        container?.singletons.push({
          name: attributes['Name'] ?? '',
          type: attributes['Type'] ?? '',
          line: tagLine,
        });
        break;
      case 'EntitySet':
        container?.entitySets.push({
          name: attributes['Name'] ?? '',
          type: attributes['EntityType'] ?? '',
          line: tagLine,
        });
        break;
      case 'Annotation': {
        const attribute = valueAttributes.find((key) => attributes[key] !== undefined);
        if (attribute) frame.value = leafValue(attribute, attributes[attribute]!);
        break;
      }
      case 'Record':
        frame.value = {};
        break;
      case 'Collection':
        frame.value = [];
        break;
      case 'PropertyValue': {
        const attribute = valueAttributes.find((key) => attributes[key] !== undefined);
        if (attribute) frame.value = leafValue(attribute, attributes[attribute]!);
        break;
      }
      default:
        if (leafElements.has(name)) frame.text = '';
    }
  });
  parser.on('closetag', () => {
    const frame = stack.pop()!;
    const parent = stack.at(-1);
    switch (frame.tag) {
      case 'EntityType':
      case 'ComplexType':
        if (current && current.kind !== 'enum' && current.frame === frame) {
          const fullName = `${namespace}.${frame.attributes['Name'] ?? ''}`;
          declare({
            kind: current.kind,
            name: frame.attributes['Name'] ?? '',
            fullName,
            baseType: frame.attributes['BaseType'],
            abstract: frame.attributes['Abstract'] === 'true',
            openType: frame.attributes['OpenType'] === 'true',
            key: current.key,
            properties: current.properties,
            line: frame.line,
          });
          current = undefined;
        }
        return;
      case 'EnumType':
        if (current?.kind === 'enum') {
          const fullName = `${namespace}.${frame.attributes['Name'] ?? ''}`;
          declare({
            kind: 'enum',
            name: frame.attributes['Name'] ?? '',
            fullName,
            isFlags: frame.attributes['IsFlags'] === 'true',
            members: current.members,
            line: frame.line,
          });
          current = undefined;
        }
        return;
      case 'EntityContainer':
        if (container) containers.push(container);
        container = undefined;
        return;
      case 'Annotation': {
        const target = annotationTarget(stack, namespace, container?.fullName);
        if (target !== undefined && frame.attributes['Term'] && !frame.attributes['Qualifier'])
          rawAnnotations.push({
            target,
            namespace,
            term: frame.attributes['Term'],
            value: frame.value ?? true,
          });
        return;
      }
    }
    if (!parent) return;
    let value = frame.value;
    if (frame.text !== undefined) value = leafValue(frame.tag, frame.text.trim());
    if (value === undefined) return;
    if (frame.tag === 'PropertyValue') {
      const record = parent.value;
      if (record && typeof record === 'object' && !Array.isArray(record))
        setOwn(record as Record<string, AnnotationValue>, frame.attributes['Property'] ?? '', value);
    } else if (Array.isArray(parent.value)) parent.value.push(value);
    else if (parent.tag === 'Annotation' || parent.tag === 'PropertyValue') parent.value = value;
  });

  try {
    parser.write(text).close();
  } catch (error) {
    const element = stack.at(-1);
    const message = (error as Error).message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
    throw new CsdlError(file, parser.line, element ? describe(element) : '', `malformed XML: ${message}`);
  }
  if (!sawEdmx) throw new CsdlError(file, 1, '', 'not a CSDL document: no <edmx:Edmx> root element');

  const qualify = (name: string): string => {
    const dot = name.lastIndexOf('.');
    if (dot < 0) return name;
    const prefix = name.slice(0, dot);
    const namespaceOfAlias = aliases.get(prefix);
    return namespaceOfAlias === undefined ? name : `${namespaceOfAlias}.${name.slice(dot + 1)}`;
  };
  const annotations = new Map<string, Map<string, AnnotationValue>>();
  for (const { target, term, value } of rawAnnotations) {
    const [head, ...rest] = target.split('/');
    const resolved = [qualify(head!), ...rest].join('/');
    let terms = annotations.get(resolved);
    if (!terms) annotations.set(resolved, (terms = new Map()));
    terms.set(qualify(term), value);
  }
  return { file, types, containers, annotations, qualify, redeclared };
}

/** `edmx:Edmx` → `Edmx`. */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function leafValue(kind: string, text: string): AnnotationValue {
  if (kind === 'Bool') return text === 'true';
  if (kind === 'Int' || kind === 'Float' || kind === 'Decimal') return Number(text);
  return text;
}

/** What an inline `<Annotation>` annotates, from the elements around it; `undefined` for annotations of annotations. */
function annotationTarget(
  stack: readonly Frame[],
  namespace: string,
  container: string | undefined,
): string | undefined {
  const parent = stack.at(-1);
  if (!parent) return undefined;
  const name = parent.attributes['Name'] ?? '';
  switch (parent.tag) {
    case 'Annotations':
      return parent.attributes['Target'];
    case 'EntityType':
    case 'ComplexType':
    case 'EnumType':
      return `${namespace}.${name}`;
    case 'Property':
    case 'NavigationProperty':
    case 'Member': {
      const owner = stack.at(-2);
      return owner ? `${namespace}.${owner.attributes['Name'] ?? ''}/${name}` : undefined;
    }
    case 'EntitySet':
    case 'Singleton':
      return container ? `${container}/${name}` : undefined;
    default:
      return undefined;
  }
}

/** `<EntityType Name="incident">`, for messages. */
export function describe(frame: { tag: string; attributes: Record<string, string> }): string {
  const name = frame.attributes['Name'] ?? frame.attributes['Target'] ?? frame.attributes['Term'];
  return name === undefined
    ? `<${frame.tag}>`
    : `<${frame.tag} ${frame.attributes['Name'] !== undefined ? 'Name' : frame.attributes['Target'] !== undefined ? 'Target' : 'Term'}="${name}">`;
}
