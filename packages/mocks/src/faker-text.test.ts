import { base, de, en, Faker, generateMersenne53Randomizer, type Randomizer } from '@faker-js/faker';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fakerText, type FakerText, registerRandomizer } from './faker-text.js';
import { mulberryRandomizer } from './seeded-random.js';

type Method = (text: FakerText, faker: Faker) => [unknown, unknown];
/** Each drawer method beside the Faker call it stands for. */
const methods: Record<string, Method> = {
  int: (t, f) => [t.int(3, 17), f.number.int({ min: 3, max: 17 })],
  'int (one value)': (t, f) => [t.int(5, 5), f.number.int({ min: 5, max: 5 })],
  'int (wide)': (t, f) => [
    t.int(1_700_000_000_000, 1_800_000_000_000),
    f.number.int({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
  ],
  pick: (t, f) => [t.pick(['a', 'b', 'c']), f.helpers.arrayElement(['a', 'b', 'c'])],
  'pick (one)': (t, f) => [t.pick(['only']), f.helpers.arrayElement(['only'])],
  boolean: (t, f) => [t.boolean(), f.datatype.boolean()],
  numeric: (t, f) => [t.numeric(4), f.string.numeric(4)],
  uuid: (t, f) => [t.uuid(), f.string.uuid()],
  word: (t, f) => [t.word(), f.lorem.word()],
  words: (t, f) => [t.words(1, 3), f.lorem.words({ min: 1, max: 3 })],
  sentence: (t, f) => [t.sentence(), f.lorem.sentence()],
  sentences: (t, f) => [t.sentences(1, 3), f.lorem.sentences({ min: 1, max: 3 })],
  firstName: (t, f) => [t.firstName(), f.person.firstName()],
  lastName: (t, f) => [t.lastName(), f.person.lastName()],
  fullName: (t, f) => [t.fullName(), f.person.fullName()],
  companyName: (t, f) => [t.companyName(), f.company.name()],
};
const names = Object.keys(methods);

const randomizers: Record<string, () => Randomizer> = {
  'Mersenne Twister (the factories)': generateMersenne53Randomizer,
  'mulberry32 (the store)': mulberryRandomizer,
};

/** A registered Faker (fast drawer) and a plain one, on two randomizers of one kind, both seeded with `seed`. */
function pair(make: () => Randomizer, seed: number) {
  const fast = make();
  const plain = make();
  const fastFaker = new Faker({ locale: [en, base], randomizer: fast });
  registerRandomizer(fastFaker, fast);
  const plainFaker = new Faker({ locale: [en, base], randomizer: plain });
  fastFaker.seed(seed);
  plainFaker.seed(seed);
  return { text: fakerText(fastFaker), fastFaker, plainFaker, fast, plain };
}

describe('fakerText: Faker text drawn directly on the randomizer', () => {
  for (const [kind, make] of Object.entries(randomizers))
    it(`gives what Faker gives and leaves the stream where Faker leaves it, any sequence of calls (${kind})`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }),
          fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 40 }),
          (seed, calls) => {
            const { text, plainFaker, fast, plain } = pair(make, seed);
            for (const name of calls) {
              const [mine, fakers] = methods[name]!(text, plainFaker);
              expect(mine, name).toStrictEqual(fakers);
            }
            // The next numbers of both streams are the same: every call consumed exactly what Faker's did.
            expect([fast.next(), fast.next()]).toStrictEqual([plain.next(), plain.next()]);
          },
        ),
        { numRuns: 150 },
      );
    });

  it("draws every name pattern Faker's English has (prefix, suffix, double-barrelled last names)", () => {
    const { text, plainFaker } = pair(mulberryRandomizer, 1);
    const seen = { prefix: false, suffix: false, hyphen: false, legal: false, and: false };
    for (let i = 0; i < 3000; i++) {
      const full = text.fullName();
      expect(full).toBe(plainFaker.person.fullName());
      const company = text.companyName();
      expect(company).toBe(plainFaker.company.name());
      seen.prefix ||= /^(Dr|Miss|Mrs|Ms|Mr)\.? /.test(full);
      seen.suffix ||= / (Jr\.|Sr\.|I|II|III|IV|V|MD|DDS|PhD|DVM)$/.test(full);
      seen.hyphen ||= /\w-\w/.test(full);
      seen.legal ||= / (Group|Inc|LLC|and Sons)$/.test(company);
      seen.and ||= / and /.test(company);
    }
    expect(seen).toStrictEqual({ prefix: true, suffix: true, hyphen: true, legal: true, and: true });
  });

  it('does not go through Faker once the randomizer is registered (so the fast path is the one tested above)', () => {
    const randomizer = mulberryRandomizer();
    const faker = new Faker({ locale: [en, base], randomizer });
    registerRandomizer(faker, randomizer);
    const refuse = () => {
      throw new Error('went through Faker');
    };
    Object.assign(faker.lorem, { word: refuse, words: refuse, sentence: refuse, sentences: refuse });
    Object.assign(faker.person, { firstName: refuse, lastName: refuse, fullName: refuse });
    Object.assign(faker.company, { name: refuse });
    const text = fakerText(faker);
    expect(() => [text.sentences(1, 3), text.fullName(), text.companyName(), text.firstName()]).not.toThrow();
  });

  it('falls back to Faker itself for an unregistered Faker and for a locale whose tables have other shapes', () => {
    const unregistered = new Faker({ locale: [en, base] });
    const reference = new Faker({ locale: [en, base] });
    unregistered.seed(3);
    reference.seed(3);
    expect(fakerText(unregistered).sentences(1, 3)).toBe(reference.lorem.sentences({ min: 1, max: 3 }));
    // German last names and company patterns differ from English's shapes: Faker draws them.
    const randomizer = mulberryRandomizer();
    const german = new Faker({ locale: [de, en, base], randomizer });
    registerRandomizer(german, randomizer);
    const germanReference = new Faker({ locale: [de, en, base], randomizer: mulberryRandomizer() });
    german.seed(4);
    germanReference.seed(4);
    for (let i = 0; i < 50; i++) {
      expect(fakerText(german).fullName()).toBe(germanReference.person.fullName());
      expect(fakerText(german).companyName()).toBe(germanReference.company.name());
    }
  });
});
