import type { Faker, LocaleDefinition, Randomizer } from '@faker-js/faker';

/**
 * Faker's text drawing (`lorem`, `person`, `company.name`, `string.numeric`), done directly on the randomizer with
 * the locale's tables prepared once. Each method gives exactly what the Faker method it names gives (Faker 10) and
 * consumes exactly the same random numbers, so values and everything drawn after them stay as they were
 * (`faker-text.test.ts` checks both against Faker over many seeds). What it saves: Faker's `lorem.word` copies the
 * 999-word list for every word, names resolve `{{…}}` templates by parsing them and walking the locale through
 * proxies, and `fullName` builds a RegExp per placeholder; that was most of building a seeded incident
 * (bench/README.md, issue 12).
 */
export interface FakerText {
  /** `faker.number.int({ min, max })` for integers. */
  int(min: number, max: number): number;
  /** `faker.helpers.arrayElement(values)`. */
  pick<T>(values: readonly T[]): T;
  /** `faker.datatype.boolean()`. */
  boolean(): boolean;
  /** `faker.string.uuid()` (version 4). */
  uuid(): string;
  /** `faker.string.numeric(length)`. */
  numeric(length: number): string;
  /** `faker.lorem.word()`. */
  word(): string;
  /** `faker.lorem.words({ min, max })`. */
  words(min: number, max: number): string;
  /** `faker.lorem.sentence()`. */
  sentence(): string;
  /** `faker.lorem.sentences({ min, max })`. */
  sentences(min: number, max: number): string;
  /** `faker.person.firstName()`. */
  firstName(): string;
  /** `faker.person.lastName()`. */
  lastName(): string;
  /** `faker.person.fullName()`. */
  fullName(): string;
  /** `faker.company.name()`. */
  companyName(): string;
}

/** The fast drawer of each Faker whose randomizer is known (`FixtureContext` registers it). */
const registered = new WeakMap<Faker, FakerText>();

/** Draws text for `faker` quickly once {@link registerRandomizer} has told its randomizer; else through Faker. */
export function fakerText(faker: Faker): FakerText {
  let text = registered.get(faker);
  if (!text) registered.set(faker, (text = viaFaker(faker)));
  return text;
}

/** Tells the randomizer `faker` was made with, so that {@link fakerText} can draw on it directly. */
export function registerRandomizer(faker: Faker, randomizer: Randomizer): void {
  const tables = tablesOf(faker.rawDefinitions);
  registered.set(faker, tables ? direct(randomizer, tables) : viaFaker(faker));
}

type Sex = 'female' | 'male';
interface Weighted<T> {
  readonly weights: readonly number[];
  readonly total: number;
  readonly values: readonly T[];
}
/** A `{{…}}` template cut into literal text and the placeholders between it. */
interface Template {
  readonly literals: readonly string[];
  readonly placeholders: readonly Placeholder[];
}
type Placeholder = 'person.lastName' | 'person.last_name.generic' | 'company.legal_entity_type';
interface Tables {
  readonly loremWords: readonly string[];
  /** Each lorem word with its first character upper-cased, as a sentence starts. */
  readonly sentenceStarts: readonly string[];
  /** Per sex: Faker's choice between that sex's first names and the generic ones. */
  readonly firstNames: Readonly<Record<Sex, Weighted<readonly string[]>>>;
  readonly lastNameGeneric: readonly string[];
  readonly lastNamePatterns: Weighted<Template>;
  readonly prefixes: Readonly<Record<Sex, Weighted<readonly string[]>>>;
  readonly suffixes: readonly string[];
  /** `person.name`'s patterns: which of prefix and suffix each has, and its parts in order. */
  readonly namePatterns: Weighted<{ readonly parts: readonly string[] }>;
  readonly companyPatterns: readonly Template[];
  readonly legalEntityTypes: readonly string[];
}

const sexes = ['female', 'male'] as const;
const hexDigits = '0123456789abcdef';
const digits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
/**
 * Tables per locale data. Each Faker merges its locales into a new object, but the lists inside are the locale
 * modules' own, so the tables are kept per the lists they are made from: a new context reuses them.
 */
const tableCache = new WeakMap<
  object,
  { readonly sources: readonly unknown[]; readonly tables: Tables | undefined }
>();

/** The tables of a locale whose data has the shapes drawn here (English's); `undefined` for any other. */
function tablesOf(locale: LocaleDefinition): Tables | undefined {
  const sources = [
    locale.lorem?.word,
    locale.person?.first_name,
    locale.person?.last_name,
    locale.person?.last_name_pattern,
    locale.person?.prefix,
    locale.person?.suffix,
    locale.person?.name,
    locale.company?.name_pattern,
    (locale.company as Readonly<Record<string, unknown>> | undefined)?.['legal_entity_type'],
  ];
  const key = sources[0];
  const cached = key ? tableCache.get(key) : undefined;
  if (cached && cached.sources.every((source, i) => source === sources[i])) return cached.tables;
  let tables: Tables | undefined;
  try {
    tables = buildTables(locale);
  } catch {
    tables = undefined;
  }
  if (key) tableCache.set(key, { sources, tables });
  return tables;
}

function buildTables(locale: LocaleDefinition): Tables | undefined {
  const person = locale.person;
  const first = person?.first_name;
  const lastGeneric = person?.last_name?.generic;
  const lastPatterns = person?.last_name_pattern;
  const prefix = person?.prefix;
  const words = locale.lorem?.word;
  // Not in Faker's types, but English has it and `company.name`'s patterns use it.
  const legalEntries: unknown = (locale.company as Readonly<Record<string, unknown>> | undefined)?.[
    'legal_entity_type'
  ];
  const legal =
    Array.isArray(legalEntries) && legalEntries.every((e) => typeof e === 'string')
      ? (legalEntries as string[])
      : undefined;
  const companyPatterns = locale.company?.name_pattern;
  // Faker's choice between a sex's names and the generic ones needs all three lists; anything else is drawn by Faker.
  if (!first?.female || !first.male || !first.generic || !lastGeneric || !prefix?.female || !prefix.male)
    return undefined;
  if (!prefix.generic || !words || !legal || !companyPatterns || !person.suffix || !person.name)
    return undefined;
  if (!lastPatterns?.generic || lastPatterns.female || lastPatterns.male || person.last_name?.female)
    return undefined;
  const bySex = (lists: { generic: readonly string[]; female: readonly string[]; male: readonly string[] }) =>
    Object.fromEntries(
      sexes.map((sex) => [
        sex,
        weighted([
          { weight: 3 * Math.sqrt(lists[sex].length), value: lists[sex] },
          { weight: Math.sqrt(lists.generic.length), value: lists.generic },
        ]),
      ]),
    ) as Record<Sex, Weighted<readonly string[]>>;
  const lastNamePatterns = weighted(
    lastPatterns.generic.map(({ weight, value }) => ({ weight, value: template(value) })),
  );
  const namePatterns = weighted(
    person.name.map(({ weight, value }) => {
      const parts = value
        .split(/({{person\.(?:prefix|firstName|middleName|lastName|suffix)}})/)
        .filter(Boolean);
      // Only the patterns Faker's English has: a middle name or any other text in braces is drawn by Faker.
      if (
        parts.some(
          (part) => part.includes('{{') && !/^{{person\.(prefix|firstName|lastName|suffix)}}$/.test(part),
        )
      )
        throw new Error('unknown name pattern');
      if (parts.some((part, i) => parts.indexOf(part) !== i && part.startsWith('{{')))
        throw new Error('repeated');
      return { weight, value: { parts } };
    }),
  );
  // A sentence upper-cases the first character of its words joined, which is its first word's only if none is empty.
  if (words.length === 0 || words.some((word) => word.length === 0)) return undefined;
  return {
    loremWords: words,
    sentenceStarts: words.map((word) => word.charAt(0).toUpperCase() + word.substring(1)),
    firstNames: bySex({ generic: first.generic, female: first.female, male: first.male }),
    lastNameGeneric: lastGeneric,
    lastNamePatterns,
    prefixes: bySex({ generic: prefix.generic, female: prefix.female, male: prefix.male }),
    suffixes: person.suffix,
    namePatterns,
    companyPatterns: companyPatterns.map(template),
    legalEntityTypes: legal,
  };
}

function weighted<T>(entries: readonly { weight: number; value: T }[]): Weighted<T> {
  if (entries.length === 0 || entries.some(({ weight }) => !(weight > 0))) throw new Error('bad weights');
  // Summed in Faker's order, so that the float compared with them is the same.
  return {
    weights: entries.map(({ weight }) => weight),
    total: entries.reduce((sum, { weight }) => sum + weight, 0),
    values: entries.map(({ value }) => value),
  };
}

const placeholders: readonly Placeholder[] = [
  'person.lastName',
  'person.last_name.generic',
  'company.legal_entity_type',
];

/** Cuts a template; a placeholder other than those drawn here makes the locale one Faker draws itself. */
function template(text: string): Template {
  const literals: string[] = [];
  const found: Placeholder[] = [];
  let rest = text;
  for (;;) {
    const start = rest.search(/{{[a-z]/);
    const end = rest.indexOf('}}', start);
    if (start === -1 || end === -1) break;
    const name = rest.slice(start + 2, end);
    if (!(placeholders as readonly string[]).includes(name)) throw new Error(`placeholder ${name}`);
    literals.push(rest.slice(0, start));
    found.push(name as Placeholder);
    rest = rest.slice(end + 2);
  }
  if (rest.includes('{{')) throw new Error('unclosed placeholder');
  literals.push(rest);
  return { literals, placeholders: found };
}

/** The drawer on the randomizer itself, mirroring Faker 10's methods draw by draw. */
function direct(randomizer: Randomizer, tables: Tables): FakerText {
  // `number.int`: floor(next × span + min), no draw when min = max.
  const int = (min: number, max: number): number =>
    min === max ? min : Math.floor(randomizer.next() * (max - min + 1) + min);
  // `helpers.arrayElement`: no draw for a single element.
  const pickIndex = (length: number): number => (length > 1 ? int(0, length - 1) : 0);
  const pick = <T>(values: readonly T[]): T => values[pickIndex(values.length)]!;
  // `helpers.weightedArrayElement`: a float in [0, total), the first entry whose running sum exceeds it.
  const choose = <T>({ weights, total, values }: Weighted<T>): T => {
    const drawn = randomizer.next() * total;
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i]!;
      if (drawn < sum) return values[i]!;
    }
    return values.at(-1)!;
  };
  // `person.sexType()`.
  const sex = (): Sex => sexes[int(0, 1)]!;
  const words = (min: number, max: number): string => {
    const count = int(min, max);
    let text = '';
    for (let i = 0; i < count; i++) text += (i === 0 ? '' : ' ') + pick(tables.loremWords);
    return text;
  };
  // `lorem.sentence()`: words(3, 10) with the first character upper-cased, and a full stop.
  const sentence = (): string => {
    const count = int(3, 10);
    let text = tables.sentenceStarts[pickIndex(tables.loremWords.length)]!;
    for (let i = 1; i < count; i++) text += ` ${tables.loremWords[pickIndex(tables.loremWords.length)]!}`;
    return `${text}.`;
  };
  // `helpers.fake(template)`: placeholders resolved left to right.
  const fill = ({ literals, placeholders: names }: Template): string => {
    let text = literals[0]!;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const value =
        name === 'person.lastName'
          ? lastName(sex())
          : name === 'person.last_name.generic'
            ? pick(tables.lastNameGeneric)
            : pick(tables.legalEntityTypes);
      text += value + literals[i + 1]!;
    }
    return text;
  };
  // `person.lastName(sex)`: English has only generic patterns, so the sex draws nothing more.
  const lastName = (_sex: Sex): string => fill(choose(tables.lastNamePatterns));
  const firstName = (of: Sex): string => pick(choose(tables.firstNames[of]));
  return {
    int,
    pick,
    boolean: () => randomizer.next() < 0.5,
    uuid() {
      // Faker fills the 30 `x` of `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx` left to right, then the `y`.
      let hex = '';
      for (let i = 0; i < 30; i++) hex += hexDigits[int(0, 15)]!;
      const variant = hexDigits[int(8, 11)]!;
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(12, 15)}-${variant}${hex.slice(15, 18)}-${hex.slice(18)}`;
    },
    numeric(length) {
      let text = '';
      for (let i = 0; i < length; i++) text += pick(digits);
      return text;
    },
    word: () => pick(tables.loremWords),
    words,
    sentence,
    sentences(min, max) {
      const count = int(min, max);
      let text = '';
      for (let i = 0; i < count; i++) text += (i === 0 ? '' : ' ') + sentence();
      return text;
    },
    firstName: () => firstName(sex()),
    lastName: () => lastName(sex()),
    fullName() {
      const of = sex();
      const first = firstName(of);
      const last = lastName(of);
      const { parts } = choose(tables.namePatterns);
      // `helpers.mustache` replaces the placeholders in the order prefix, first, middle, last, suffix: the prefix and
      // the suffix are drawn in that order whatever their place in the pattern.
      const prefix = parts.includes('{{person.prefix}}') ? pick(choose(tables.prefixes[of])) : '';
      const suffix = parts.includes('{{person.suffix}}') ? pick(tables.suffixes) : '';
      let text = '';
      for (const part of parts)
        text +=
          part === '{{person.prefix}}'
            ? prefix
            : part === '{{person.firstName}}'
              ? first
              : part === '{{person.lastName}}'
                ? last
                : part === '{{person.suffix}}'
                  ? suffix
                  : part;
      return text;
    },
    companyName: () => fill(pick(tables.companyPatterns)),
  };
}

/** The same methods through Faker itself, for a Faker whose randomizer is not known or a locale drawn otherwise. */
function viaFaker(faker: Faker): FakerText {
  return {
    int: (min, max) => faker.number.int({ min, max }),
    pick: (values) => faker.helpers.arrayElement(values),
    boolean: () => faker.datatype.boolean(),
    uuid: () => faker.string.uuid(),
    numeric: (length) => faker.string.numeric(length),
    word: () => faker.lorem.word(),
    words: (min, max) => faker.lorem.words({ min, max }),
    sentence: () => faker.lorem.sentence(),
    sentences: (min, max) => faker.lorem.sentences({ min, max }),
    firstName: () => faker.person.firstName(),
    lastName: () => faker.person.lastName(),
    fullName: () => faker.person.fullName(),
    companyName: () => faker.company.name(),
  };
}
