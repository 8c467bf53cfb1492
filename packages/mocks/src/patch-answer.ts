// A PATCH's answer, member by member. A client that changes an incident usually changes it again (a triage tool sets
// the status, then the classification, then closes it), and each answer is the whole incident: serializing it all
// was the largest part of a PATCH's handler (bench/README.md, issue 16, session 5). The members whose values the
// PATCH did not touch are taken from the incident's previous answer.
import { hiddenIncidentProperties } from './graph-versions.js';
import type { RequestContext } from './request-context.js';
import type { Api } from './routing.js';
import { presentProperty, shapeOf } from './shaping.js';

/** One answer's members: every property's name and stored value, and its member text (`undefined`: left out). */
interface AnsweredMembers {
  readonly variant: number;
  readonly names: readonly string[];
  readonly values: readonly unknown[];
  readonly texts: readonly (string | undefined)[];
}

/** Answers made lately, by the stored incident object they presented; the next PATCH of it replaces the entry. */
const answered = new Map<object, AnsweredMembers>();
/** How many incidents' last answers are kept; past it the memory starts again. */
const remembered = 256;

/**
 * The text between the braces of `JSON.stringify(present(incident))` with the properties `api`'s version lacks left out
 * (never empty: an incident has an id). `previous` is the stored object the PATCH replaced: when its answer was made
 * for the same version and Prefer, each member whose value is the very value it presented is taken from it. The store
 * never changes a stored value in place (a change replaces it), so the same value presents the same JSON. @internal
 */
export function patchAnswerMembers(
  previous: object,
  incident: object,
  api: Api,
  context: Pick<RequestContext, 'includeUnknownMembers'>,
): string {
  const variant = (api.version === 'beta' ? 2 : 0) + (context.includeUnknownMembers ? 1 : 0);
  const last = answered.get(previous);
  if (last !== undefined) answered.delete(previous);
  const reuse = last?.variant === variant ? last : undefined;
  const hidden = hiddenIncidentProperties[api.version];
  const record = incident as Readonly<Record<string, unknown>>;
  const shape = shapeOf(record, 'incident', api.metadata);
  const names = Object.keys(record);
  const values: unknown[] = [];
  const texts: (string | undefined)[] = [];
  const members: string[] = [];
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!;
    const value = record[name];
    let text: string | undefined;
    if (reuse !== undefined && reuse.names[index] === name && reuse.values[index] === value)
      text = reuse.texts[index];
    // Left out as `present` leaves them out: the version's hidden properties, and `__proto__` (assigning it to the
    // presented object sets its prototype, not a member).
    else if (name === '__proto__' || hidden.includes(name)) text = undefined;
    else {
      // `undefined` (no member, as JSON.stringify leaves out an undefined property) for a value JSON has not.
      const json = JSON.stringify(presentProperty(shape, name, value, context, api.metadata)) as
        string | undefined;
      text = json === undefined ? undefined : `${JSON.stringify(name)}:${json}`;
    }
    values.push(value);
    texts.push(text);
    if (text !== undefined) members.push(text);
  }
  if (answered.size >= remembered) answered.clear();
  answered.set(incident, { variant, names, values, texts });
  return members.join(',');
}
