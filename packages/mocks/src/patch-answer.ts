// A PATCH's answer, member by member. A client that changes an incident usually changes it again (a triage tool sets
// the status, then the classification, then closes it), and each answer is the whole incident: serializing it all
// was the largest part of a PATCH's handler (bench/README.md, issue 16, session 5). The members whose values the
// PATCH did not touch are taken from the incident's previous answer.
import { hiddenIncidentProperties } from './graph-versions.js';
import type { RequestContext } from './request-context.js';
import { remember } from './remembered.js';
import type { Api } from './routing.js';
import { presentProperty, shapeOf } from './shaping.js';

/** The answer made last for an incident: the stored object it presented, how, and each property's member text. */
interface Answered {
  readonly incident: object;
  readonly variant: number;
  readonly names: readonly string[];
  /** Per name, `"name":json`, or `undefined` where the member is left out. */
  readonly texts: readonly (string | undefined)[];
}

/**
 * The last answer per incident id (an id names different incidents in different stores: an answer is used only for
 * the very object it presented). Replaced in place, so the map does not churn.
 */
const answered = new Map<string, Answered>();

/**
 * `head` (`{"@odata.context":"…",`), then the members of `JSON.stringify(present(incident))` with the properties
 * `api`'s version lacks left out, then `}`: a PATCH's answer. `previous` is the stored object the PATCH replaced:
 * when the incident's last answer presented it, for the same version and Prefer, each member whose value is the very
 * value it presented is taken from that answer. The store never changes a stored value in place (a change replaces
 * it), so the same value presents the same JSON. @internal
 */
export function patchAnswer(
  id: string,
  previous: object,
  incident: object,
  api: Api,
  context: Pick<RequestContext, 'includeUnknownMembers'>,
  head: string,
): string {
  const variant = (api.version === 'beta' ? 2 : 0) + (context.includeUnknownMembers ? 1 : 0);
  const last = answered.get(id);
  const reuse = last?.incident === previous && last.variant === variant ? last : undefined;
  const before = previous as Readonly<Record<string, unknown>>;
  const hidden = hiddenIncidentProperties[api.version];
  const record = incident as Readonly<Record<string, unknown>>;
  const shape = shapeOf(record, 'incident', api.metadata);
  const names = Object.keys(record);
  const texts: (string | undefined)[] = [];
  const members: string[] = [];
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!;
    const value = record[name];
    let text: string | undefined;
    if (reuse !== undefined && reuse.names[index] === name && before[name] === value)
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
    texts.push(text);
    if (text !== undefined) members.push(text);
  }
  remember(answered, id, { incident, variant, names, texts });
  // One join makes the whole text flat, instead of a concatenation the server would flatten again.
  members[0] = `${head}${members[0]!}`;
  members[members.length - 1] = `${members.at(-1)!}}`;
  return members.join(',');
}
