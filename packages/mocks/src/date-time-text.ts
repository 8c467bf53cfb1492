/**
 * `new Date(milliseconds).toISOString().slice(0, 23)` (`2025-03-04T05:06:07.089`), written without a `Date`: about
 * three times cheaper, and seeded incidents write several per incident (bench/README.md, issue 12). Years outside
 * 0–9999 (which `toISOString` writes with a sign) go through `Date`.
 */
export function millisecondText(milliseconds: number): string {
  if (!(milliseconds >= minimum && milliseconds < maximum) || !Number.isInteger(milliseconds))
    return new Date(milliseconds).toISOString().slice(0, 23);
  const days = Math.floor(milliseconds / dayMs);
  let rest = milliseconds - days * dayMs;
  // Civil date from days since the epoch (Howard Hinnant's `civil_from_days`), in 400-year eras from 0000-03-01.
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${year >= 1000 ? year : pad(year, 4)}-${twoDigits[month]}-${twoDigits[day]}T${twoDigits[hours]}:${twoDigits[minutes]}:${twoDigits[seconds]}.${threeDigits[millis]}`;
}

const dayMs = 86_400_000;
/** 0000-01-01T00:00:00.000Z and 10000-01-01T00:00:00.000Z. */
const minimum = -62_167_219_200_000;
const maximum = 253_402_300_800_000;

const twoDigits = Array.from({ length: 100 }, (_, n) => pad(n, 2));
const threeDigits = Array.from({ length: 1000 }, (_, n) => pad(n, 3));

function pad(value: number, width: number): string {
  const text = String(value);
  return text.length >= width ? text : '0'.repeat(width - text.length) + text;
}
