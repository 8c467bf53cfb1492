/** The stamp `format` made last, and the instant it stands for (a PATCH's handler spent ~2 µs re-reading it). */
const lastMade = { text: '', milliseconds: Number.NaN, ticks: 0 };
/** `YYYY-MM-DDTHH:mm:ss.sss` of `lastMade.milliseconds`. */
let lastPrefix = '';

/**
 * The stamp of a change made now (`lastUpdateDateTime`, a comment's `createdDateTime`) as Graph writes it: UTC with
 * seven fraction digits. It is later than `previous`, the incident's last stamp, so that one incident's changes stay
 * in order even within one millisecond, and otherwise it is the clock: several changes in one millisecond take
 * 100 ns steps after `previous`, so under load the stamps never run ahead of the clock by whole milliseconds.
 * `floor` keeps stamps after seeded data on a machine whose clock is behind it.
 */
export function nextTimestamp(previous: string | undefined, floor = 0, now = Date.now()): string {
  const current = Math.max(now, floor);
  const last = previous === undefined ? undefined : instant(previous);
  if (last === undefined || current > last.milliseconds) return format(current, 0);
  return last.ticks < 9999 ? format(last.milliseconds, last.ticks + 1) : format(last.milliseconds + 1, 0);
}

/** Milliseconds since the epoch and the 100 ns ticks after them (0–9999), or `undefined` for an invalid value. */
function instant(text: string): { milliseconds: number; ticks: number } | undefined {
  // The previous stamp is usually the one made last (a PATCH after a PATCH): no need to parse it again.
  if (text === lastMade.text) return lastMade;
  const milliseconds = Date.parse(text);
  if (Number.isNaN(milliseconds)) return undefined;
  const finer = /\.\d{3}(\d{1,4})/.exec(text)?.[1] ?? '';
  return { milliseconds, ticks: Number(finer.padEnd(4, '0')) };
}

function format(milliseconds: number, ticks: number): string {
  if (milliseconds !== lastMade.milliseconds) {
    lastPrefix = new Date(milliseconds).toISOString().slice(0, 23);
    lastMade.milliseconds = milliseconds;
  }
  lastMade.ticks = ticks;
  lastMade.text = `${lastPrefix}${ticks < 10 ? '000' : ticks < 100 ? '00' : ticks < 1000 ? '0' : ''}${ticks}Z`;
  return lastMade.text;
}
