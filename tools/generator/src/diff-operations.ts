import type { JsonObject, JsonValue } from './load.ts';
import { deref, type DiffInput, operationsOf, parametersOf } from './diff-reach.ts';
import { asArray, asObject } from './json.ts';
import { change, type ChangeSite, type SpecChange } from './diff-rules.ts';
import { type DiffContext, diffDocs, diffValue } from './diff-schema.ts';
import { shapeOf } from './diff-shape.ts';
import { joinPointer } from './json-pointer.ts';

type Operation = ReturnType<typeof operationsOf>[number];

const idOf = (op: Operation) =>
  typeof op.operation['operationId'] === 'string'
    ? op.operation['operationId']
    : `${op.method.toUpperCase()} ${op.path}`;
const title = (op: Operation) => `\`${idOf(op)}\` (${op.method.toUpperCase()} ${op.path})`;
/** `/security/incidents/{incident-id}` → `/security/incidents/{}`: the URL on the wire, whatever the names. */
const wirePath = (path: string) => path.replace(/\{[^}]*\}/g, '{}');

/**
 * Operation-level changes: operations and paths removed, added or renamed, deprecation, security requirements,
 * parameters, request bodies and responses. Schema changes inside them are compared with the direction of where
 * they sit (parameters and request bodies: `request`; responses: `response`).
 */
export function diffOperations(ctx: DiffContext): SpecChange[] {
  const changes: SpecChange[] = [];
  const before = operationsOf(ctx.base);
  const after = operationsOf(ctx.head);
  const pairs = new Map<Operation, Operation>();
  for (const op of before) {
    const same = after.find((o) => idOf(o) === idOf(op));
    if (same) pairs.set(op, same);
  }
  const pairedHead = () => new Set(pairs.values());
  for (const op of before) {
    if (pairs.has(op)) continue;
    const taken = pairedHead();
    const same = after.filter(
      (o) => !taken.has(o) && o.method === op.method && wirePath(o.path) === wirePath(op.path),
    );
    if (same.length === 1) pairs.set(op, same[0]!);
  }
  const taken = pairedHead();
  for (const op of before)
    if (!pairs.has(op))
      changes.push(
        change(
          'operation-removed',
          { location: idOf(op), subject: title(op), base: op.pointer },
          `${op.method.toUpperCase()} ${op.path} removed`,
        ),
      );
  for (const op of after)
    if (!taken.has(op))
      changes.push(
        change(
          'operation-added',
          { location: idOf(op), subject: title(op), head: op.pointer },
          `${op.method.toUpperCase()} ${op.path} added`,
        ),
      );
  for (const [from, to] of pairs) changes.push(...diffOperation(ctx, from, to));
  return changes;
}

function diffOperation(ctx: DiffContext, from: Operation, to: Operation): SpecChange[] {
  const changes: SpecChange[] = [];
  const id = idOf(to);
  const site: ChangeSite = { location: id, subject: title(to), base: from.pointer, head: to.pointer };
  if (idOf(from) !== id) changes.push(change('operation-id-changed', site, `${idOf(from)} → ${id}`));
  if (from.path !== to.path)
    changes.push(
      change(
        'path-changed',
        site,
        `${from.path} → ${to.path}${wirePath(from.path) === wirePath(to.path) ? ' (only path parameter names differ)' : ''}`,
      ),
    );
  changes.push(...diffDocs(site, from.operation, to.operation));
  changes.push(...diffSecurity(ctx, site, from, to));
  changes.push(...diffParameters(ctx, from, to, id));
  changes.push(...diffRequestBody(ctx, from, to, id));
  changes.push(...diffResponses(ctx, from, to, id));
  return changes;
}

/** Security requirements are alternatives (any one is enough), each a set of scopes that are all needed. */
function diffSecurity(ctx: DiffContext, site: ChangeSite, from: Operation, to: Operation): SpecChange[] {
  const alternatives = (input: DiffInput, op: Operation) =>
    asArray(op.operation['security'] ?? input.document['security']).map((requirement) =>
      Object.entries(asObject(requirement))
        .flatMap(([scheme, scopes]) => (asArray(scopes).length > 0 ? asArray(scopes).map(String) : [scheme]))
        .sort(),
    );
  const show = (scopes: readonly string[]) => scopes.join(' + ') || 'no permission';
  const pointer = (op: Operation, index: number) =>
    op.operation['security'] === undefined
      ? joinPointer('#/security', index)
      : joinPointer(op.pointer, 'security', index);
  const a = alternatives(ctx.base, from);
  const b = alternatives(ctx.head, to);
  const key = (scopes: readonly string[]) => scopes.join('\n');
  const onlyBefore = a.map((s, i) => ({ s, i })).filter(({ s }) => !b.some((t) => key(t) === key(s)));
  const onlyAfter = b.map((s, i) => ({ s, i })).filter(({ s }) => !a.some((t) => key(t) === key(s)));
  const changes: SpecChange[] = [];
  for (const { s, i } of onlyBefore) {
    const at = (j: number) => ({ ...site, base: pointer(from, i), head: pointer(to, j) });
    const wider = onlyAfter.find(({ s: t }) => s.every((scope) => t.includes(scope)));
    const narrower = onlyAfter.find(({ s: t }) => t.every((scope) => s.includes(scope)));
    if (wider) {
      onlyAfter.splice(onlyAfter.indexOf(wider), 1);
      changes.push(change('security-scope-added', at(wider.i), show(wider.s.filter((x) => !s.includes(x)))));
    } else if (narrower) {
      onlyAfter.splice(onlyAfter.indexOf(narrower), 1);
      changes.push(
        change('security-scope-removed', at(narrower.i), show(s.filter((x) => !narrower.s.includes(x)))),
      );
    } else
      changes.push(
        change('security-alternative-removed', { ...site, base: pointer(from, i), head: undefined }, show(s)),
      );
  }
  for (const { s, i } of onlyAfter)
    changes.push(
      change('security-alternative-added', { ...site, base: undefined, head: pointer(to, i) }, show(s)),
    );
  return changes;
}

function diffParameters(ctx: DiffContext, from: Operation, to: Operation, id: string): SpecChange[] {
  const changes: SpecChange[] = [];
  const key = (p: JsonObject) =>
    `${String(p['in'])}:${p['in'] === 'header' ? String(p['name']).toLowerCase() : String(p['name'])}`;
  const before = parametersOf(ctx.base, from.path, from.method);
  const after = parametersOf(ctx.head, to.path, to.method);
  const paired = new Map<(typeof before)[number], (typeof after)[number]>();
  for (const p of before) {
    const same = after.find((q) => key(q.parameter) === key(p.parameter));
    if (same) paired.set(p, same);
  }
  for (const p of before) {
    if (paired.has(p)) continue;
    const used = new Set(paired.values());
    const moved = after.filter(
      (q) =>
        !used.has(q) &&
        String(q.parameter['name']).toLowerCase() === String(p.parameter['name']).toLowerCase(),
    );
    if (moved.length === 1) paired.set(p, moved[0]!);
  }
  const used = new Set(paired.values());
  const siteOf = (name: JsonValue | undefined, base?: string, head?: string) => ({
    location: `${id}.${String(name)}`,
    subject: `\`${String(name)}\` of \`${id}\``,
    direction: 'request' as const,
    base,
    head,
  });
  for (const p of before)
    if (!paired.has(p))
      changes.push(
        change(
          'parameter-removed',
          siteOf(p.parameter['name'], p.pointer),
          `${String(p.parameter['name'])} removed`,
        ),
      );
  for (const q of after)
    if (!used.has(q))
      changes.push(
        change(
          q.parameter['required'] === true ? 'parameter-added-required' : 'parameter-added',
          siteOf(q.parameter['name'], undefined, q.pointer),
          `${q.parameter['required'] === true ? 'required ' : ''}${String(q.parameter['name'])} added`,
        ),
      );
  for (const [p, q] of paired) {
    const b = p.parameter;
    const a = q.parameter;
    const site = siteOf(a['name'], p.pointer, q.pointer);
    if (b['in'] !== a['in'])
      changes.push(change('parameter-location-changed', site, `in: ${String(b['in'])} → ${String(a['in'])}`));
    if (b['required'] !== true && a['required'] === true)
      changes.push(change('parameter-became-required', site, 'now required'));
    if (b['required'] === true && a['required'] !== true)
      changes.push(change('parameter-became-optional', site, 'now optional'));
    const style = (x: JsonObject) => {
      const s =
        typeof x['style'] === 'string'
          ? x['style']
          : x['in'] === 'query' || x['in'] === 'cookie'
            ? 'form'
            : 'simple';
      return `style ${s}, explode ${String(typeof x['explode'] === 'boolean' ? x['explode'] : s === 'form')}`;
    };
    // style and explode change the wire form of arrays and objects only.
    const structured = [b, a].some((x) => ['array', 'object'].includes(shapeOf(asObject(x['schema']))));
    if (b['in'] === a['in'] && structured && style(b) !== style(a))
      changes.push(change('parameter-style-changed', site, `${style(b)} → ${style(a)}`));
    changes.push(...diffDocs(site, b, a));
    changes.push(
      ...diffValue(
        ctx,
        { ...site, base: joinPointer(p.pointer, 'schema'), head: joinPointer(q.pointer, 'schema') },
        asObject(b['schema']),
        asObject(a['schema']),
        'parameter-type-changed',
      ),
    );
  }
  return changes;
}

function diffRequestBody(ctx: DiffContext, from: Operation, to: Operation, id: string): SpecChange[] {
  const changes: SpecChange[] = [];
  const read = (input: DiffInput, op: Operation) =>
    op.operation['requestBody'] === undefined
      ? undefined
      : deref(input, op.operation['requestBody'], joinPointer(op.pointer, 'requestBody'));
  const b = read(ctx.base, from);
  const a = read(ctx.head, to);
  const site = {
    location: `${id}.requestBody`,
    subject: `\`${id}\``,
    direction: 'request' as const,
    base: b?.pointer,
    head: a?.pointer,
  };
  if (!b && !a) return changes;
  if (!b)
    return [
      change(
        a!.value['required'] === true ? 'request-body-added-required' : 'request-body-added',
        site,
        'request body added',
      ),
    ];
  if (!a) return [change('request-body-removed', site, 'request body removed')];
  if (b.value['required'] !== true && a.value['required'] === true)
    changes.push(change('request-body-became-required', site, 'now required'));
  if (b.value['required'] === true && a.value['required'] !== true)
    changes.push(change('request-body-became-optional', site, 'now optional'));
  changes.push(...diffDocs(site, b.value, a.value));
  changes.push(...diffContent(ctx, site, b.value, a.value, 'request'));
  return changes;
}

function diffResponses(ctx: DiffContext, from: Operation, to: Operation, id: string): SpecChange[] {
  const changes: SpecChange[] = [];
  const before = asObject(from.operation['responses']);
  const after = asObject(to.operation['responses']);
  // A status the other side still covers (`404` by `4XX`, an error status by `default`) is described differently, not
  // added or removed: its body is compared with the covering response.
  const covering = (responses: JsonObject, status: string) =>
    responses[status] !== undefined
      ? status
      : responses[`${status.charAt(0)}XX`] !== undefined && /^\d{3}$/.test(status)
        ? `${status.charAt(0)}XX`
        : responses['default'] !== undefined && status !== 'default' && !/^2/.test(status)
          ? 'default'
          : undefined;
  const removed = Object.keys(before).filter((s) => covering(after, s) === undefined);
  const added = Object.keys(after).filter((s) => covering(before, s) === undefined);
  const success = (status: string) => /^2/.test(status);
  const siteOf = (status: string, base?: string, head?: string) => ({
    location: `${id}.responses.${status}`,
    subject: `\`${id}\``,
    direction: 'response' as const,
    base,
    head,
  });
  const at = (op: Operation, status: string) => joinPointer(op.pointer, 'responses', status);
  // 200 → 204: one success status replaced by another is one change, not a removal and an addition.
  const replacedSuccess = removed.filter(success).length === 1 && added.filter(success).length === 1;
  for (const status of removed) {
    if (replacedSuccess && success(status)) {
      const next = added.find(success)!;
      added.splice(added.indexOf(next), 1);
      changes.push(
        change(
          'response-status-changed',
          siteOf(status, at(from, status), at(to, next)),
          `${status} → ${next}`,
        ),
      );
    } else changes.push(change('response-status-removed', siteOf(status, at(from, status)), status));
  }
  for (const status of added)
    changes.push(change('response-status-added', siteOf(status, undefined, at(to, status)), status));
  const compared = new Set<string>();
  for (const status of [...Object.keys(before), ...Object.keys(after)]) {
    const fromStatus = covering(before, status);
    const toStatus = covering(after, status);
    if (fromStatus === undefined || toStatus === undefined || compared.has(`${fromStatus} ${toStatus}`))
      continue;
    compared.add(`${fromStatus} ${toStatus}`);
    const b = deref(ctx.base, before[fromStatus], at(from, fromStatus));
    const a = deref(ctx.head, after[toStatus], at(to, toStatus));
    const label = fromStatus === toStatus ? status : `${fromStatus} → ${toStatus}`;
    const site = { ...siteOf(label, b.pointer, a.pointer), subject: `the ${label} response of \`${id}\`` };
    changes.push(...diffDocs(site, b.value, a.value));
    changes.push(...diffContent(ctx, site, b.value, a.value, 'response'));
  }
  return changes;
}

/** Media types added and removed, and the schema of each media type both sides have. */
function diffContent(
  ctx: DiffContext,
  site: ChangeSite & {
    base: string | undefined;
    head: string | undefined;
    direction: 'request' | 'response';
  },
  before: JsonObject,
  after: JsonObject,
  side: 'request' | 'response',
): SpecChange[] {
  const changes: SpecChange[] = [];
  const b = asObject(before['content']);
  const a = asObject(after['content']);
  const media = (pointer: string | undefined, type: string) =>
    pointer === undefined ? undefined : joinPointer(pointer, 'content', type);
  for (const type of Object.keys(b))
    if (a[type] === undefined)
      changes.push(
        change(
          `${side}-media-type-removed`,
          { ...site, base: media(site.base, type), head: undefined },
          type,
        ),
      );
  for (const type of Object.keys(a))
    if (b[type] === undefined)
      changes.push(
        change(`${side}-media-type-added`, { ...site, base: undefined, head: media(site.head, type) }, type),
      );
  for (const type of Object.keys(b)) {
    if (a[type] === undefined) continue;
    const schemaSite = {
      ...site,
      base: joinPointer(media(site.base, type)!, 'schema'),
      head: joinPointer(media(site.head, type)!, 'schema'),
    };
    changes.push(
      ...diffValue(
        ctx,
        schemaSite,
        asObject(asObject(b[type])['schema']),
        asObject(asObject(a[type])['schema']),
        side === 'request' ? 'request-body-schema-changed' : 'response-schema-changed',
      ),
    );
  }
  return changes;
}
