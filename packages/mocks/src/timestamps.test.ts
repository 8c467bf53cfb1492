import { describe, expect, it } from 'vitest';
import { createGraphHandler } from './graph-handler.js';
import { IncidentStore } from './store.js';
import { nextTimestamp } from './timestamps.js';

/** The instant in milliseconds and the 100 ns ticks after it, to compare stamps by instant rather than as text. */
const ticks = (stamp: string) =>
  BigInt(Date.parse(stamp)) * 10_000n + BigInt(/\.\d{3}(\d{4})Z$/.exec(stamp)![1]!);

describe('lastUpdateDateTime under load', () => {
  it('stays monotonic per incident and never runs ahead of the clock', async () => {
    const store = new IncidentStore({ seed: 6, incidents: 20 });
    const handle = createGraphHandler(store, { auth: false });
    const ids = store.list().map((incident) => incident.id);
    const stamps = new Map<string, string[]>(ids.map((id) => [id, []]));
    // 4,000 updates in a tight loop: far more than one per millisecond, the case that used to add 1 ms each.
    for (let round = 0; round < 200; round++)
      for (const id of ids) {
        const response = await handle({
          method: 'PATCH',
          url: `http://127.0.0.1/v1.0/security/incidents/${id}`,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ customTags: [`round ${round}`] }),
        });
        expect(response.status).toBe(200);
        stamps.get(id)!.push(JSON.parse(response.body).lastUpdateDateTime as string);
      }
    // Seeded data ends before 2026-07-01; the store never stamps earlier than that, whatever the machine's clock.
    const bound = Math.max(Date.now(), Date.UTC(2026, 6, 1));
    for (const list of stamps.values()) {
      for (const stamp of list) expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
      for (let i = 1; i < list.length; i++) expect(ticks(list[i]!)).toBeGreaterThan(ticks(list[i - 1]!));
      expect(Date.parse(list.at(-1)!)).toBeLessThanOrEqual(bound);
    }
  });

  it('steps 100 ns within a millisecond, carries into the next one, and follows the clock otherwise', () => {
    const now = Date.UTC(2026, 9, 1, 12, 0, 0, 500);
    expect(nextTimestamp(undefined, 0, now)).toBe('2026-10-01T12:00:00.5000000Z');
    expect(nextTimestamp('2026-10-01T12:00:00.5000000Z', 0, now)).toBe('2026-10-01T12:00:00.5000001Z');
    expect(nextTimestamp('2026-10-01T12:00:00.5009999Z', 0, now)).toBe('2026-10-01T12:00:00.5010000Z');
    expect(nextTimestamp('2026-10-01T12:00:00.4999999Z', 0, now)).toBe('2026-10-01T12:00:00.5000000Z');
    // Other fraction lengths and offsets are read by instant, not as text.
    expect(nextTimestamp('2026-10-01T12:00:00.5Z', 0, now)).toBe('2026-10-01T12:00:00.5000001Z');
    expect(nextTimestamp('2026-10-01T14:00:00.5+02:00', 0, now)).toBe('2026-10-01T12:00:00.5000001Z');
    // A stamp from the future (an incident put by a test) is still followed, by one tick.
    expect(nextTimestamp('2030-01-01T00:00:00.0000000Z', 0, now)).toBe('2030-01-01T00:00:00.0000001Z');
    expect(nextTimestamp('not a date', 0, now)).toBe('2026-10-01T12:00:00.5000000Z');
    expect(nextTimestamp(undefined, now + 1000, now)).toBe('2026-10-01T12:00:01.5000000Z');
  });

  it('gives the same stamps whether or not the previous one is the stamp it made last (two incidents interleaved)', () => {
    const now = Date.UTC(2026, 9, 1, 12, 0, 0, 500);
    // The stamp made last is remembered so as not to parse it again; a stamp made earlier must still be read.
    let a = nextTimestamp(undefined, 0, now);
    let b = nextTimestamp('2026-10-01T12:00:00.5000041Z', 0, now);
    for (let step = 0; step < 3; step++) {
      a = nextTimestamp(a, 0, now);
      b = nextTimestamp(b, 0, now);
    }
    expect([a, b]).toEqual(['2026-10-01T12:00:00.5000003Z', '2026-10-01T12:00:00.5000045Z']);
    // Every width of the ticks is padded to four digits, and the carry into the next millisecond follows a
    // stamp made last too.
    const widths = ['0008', '0098', '0998', '9998'].map((tick) =>
      nextTimestamp(`2026-10-01T12:00:00.500${tick}Z`, 0, now),
    );
    expect(widths).toEqual([
      '2026-10-01T12:00:00.5000009Z',
      '2026-10-01T12:00:00.5000099Z',
      '2026-10-01T12:00:00.5000999Z',
      '2026-10-01T12:00:00.5009999Z',
    ]);
    expect(nextTimestamp(widths.at(-1), 0, now)).toBe('2026-10-01T12:00:00.5010000Z');
    expect(nextTimestamp('2026-10-01T12:00:00.5010000Z', 0, now)).toBe('2026-10-01T12:00:00.5010001Z');
    // The clock moved on: the remembered millisecond is not reused.
    expect(nextTimestamp('2026-10-01T12:00:00.5010001Z', 0, now + 5)).toBe('2026-10-01T12:00:00.5050000Z');
  });
});
