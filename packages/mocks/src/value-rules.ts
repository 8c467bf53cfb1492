import type { Faker } from '@faker-js/faker';
import { fakerText } from './faker-text.js';

/**
 * Realistic values for well-known Graph property names. Rules are keyed by property name (never by schema and
 * property), so a new schema that reuses a name gets realistic values without touching this file. Properties
 * without a rule get a value drawn from their type alone.
 */

/** Where a value is drawn: the schema's Graph name and the property. */
export interface ValueSite {
  readonly schema: string;
  readonly property: string;
}

type TextRule = (faker: Faker, site: ValueSite) => string;

const upn = (faker: Faker): string =>
  `${fakerText(faker).firstName()}.${fakerText(faker).lastName()}@contoso.onmicrosoft.com`
    .toLowerCase()
    .replace(/[^a-z0-9.@]/g, '');
const guid = (faker: Faker): string => fakerText(faker).uuid();
const incidentId = (faker: Faker): string => String(faker.number.int({ min: 1, max: 9_999_999 }));
const hex = (length: number) => (faker: Faker) =>
  faker.string.hexadecimal({ length, casing: 'lower', prefix: '' });
const appName = (faker: Faker): string => `API-App:${fakerText(faker).companyName()} SOC automation`;
/** MITRE ATT&CK tactics, as an alert's `category` and an incident's `categories` name them. */
const mitreTactics = ['InitialAccess', 'Execution', 'Persistence', 'DefenseEvasion', 'Exfiltration'] as const;

/** Text rules by property name. */
export const textRules: Readonly<Record<string, TextRule>> = {
  // Incident ids are numeric strings; alert ids look like `da637551227677560813_-961444813`.
  id: (faker, site) =>
    site.schema === 'incident'
      ? incidentId(faker)
      : `da${faker.string.numeric(18)}_${faker.number.int({ min: -2_000_000_000, max: 2_000_000_000 })}`,
  incidentId,
  redirectIncidentId: incidentId,
  tenantId: guid,
  azureAdUserId: guid,
  agentId: guid,
  subscriptionId: guid,
  assignedTo: upn,
  userPrincipalName: upn,
  emailAddress: (faker) => faker.internet.email({ provider: 'contoso.com' }).toLowerCase(),
  // A person or an app, drawing only the one chosen (drawing both was a tenth of building a seeded incident).
  lastModifiedBy: (faker) => (fakerText(faker).boolean() ? upn(faker) : appName(faker)),
  createdByDisplayName: (faker) =>
    fakerText(faker).boolean() ? fakerText(faker).fullName() : appName(faker),
  displayName: (faker, site) =>
    site.schema === 'incident'
      ? `${faker.helpers.arrayElement(['Multi-stage incident', 'Suspicious activity', 'Ransomware activity', 'Credential access', 'Phishing campaign'])} involving ${faker.helpers.arrayElement(['Initial access', 'Execution', 'Persistence', 'Lateral movement', 'Exfiltration'])} on ${faker.number.int({ min: 1, max: 40 })} endpoints`
      : fakerText(faker).fullName(),
  title: (faker) => faker.hacker.phrase().replace(/!$/, ''),
  description: (faker) => fakerText(faker).sentences(1, 3),
  summary: (faker) => fakerText(faker).sentences(1, 2),
  comment: (faker) => fakerText(faker).sentence(),
  resolvingComment: (faker) => fakerText(faker).sentence(),
  recommendedActions: (faker) => `1. ${fakerText(faker).sentence()}\n2. ${fakerText(faker).sentence()}`,
  // An advanced hunting query (beta's `recommendedHuntingQuery.kqlText`).
  kqlText: (faker) =>
    `${faker.helpers.arrayElement(['DeviceProcessEvents', 'DeviceNetworkEvents', 'EmailEvents', 'IdentityLogonEvents'])}\n| where Timestamp > ago(${faker.number.int({ min: 1, max: 30 })}d)\n| where DeviceName has "${faker.internet.domainWord()}"\n| take ${faker.helpers.arrayElement([10, 50, 100])}`,
  customTags: (faker) =>
    faker.helpers.arrayElement(['Demo', 'Sensitive', 'Escalated', 'Red team', 'VIP', 'Finance']),
  systemTags: (faker) => faker.helpers.arrayElement(['Defender Experts', 'Ransomware', 'Credential Phish']),
  categories: (faker) => faker.helpers.arrayElement(mitreTactics),
  category: (faker) => faker.helpers.arrayElement(mitreTactics),
  mitreTechniques: (faker) => `T${faker.number.int({ min: 1001, max: 1659 })}`,
  productName: (faker) =>
    faker.helpers.arrayElement([
      'Microsoft Defender for Endpoint',
      'Microsoft Defender for Office 365',
      'Microsoft Sentinel',
    ]),
  ipAddress: (faker) => faker.internet.ipv4(),
  domainName: (faker) => faker.internet.domainName(),
  dnsServerIp: (faker) => faker.internet.ipv4(),
  url: (faker) => faker.internet.url(),
  fileName: (faker) => faker.system.fileName(),
  filePath: (faker) => `C:\\Users\\${fakerText(faker).firstName()}\\Downloads`,
  accountName: (faker) => faker.internet.username().toLowerCase(),
  userSid: (faker) =>
    `S-1-5-21-${faker.string.numeric(10)}-${faker.string.numeric(10)}-${faker.string.numeric(10)}-${faker.string.numeric(4)}`,
  md5: hex(32),
  sha1: hex(40),
  sha256: hex(64),
  sha256Ac: hex(64),
  value: (faker, site) => (site.schema === 'fileHash' ? hex(64)(faker) : fakerText(faker).word()),
  city: (faker) => faker.location.city(),
  countryName: (faker) => faker.location.country(),
  state: (faker) => faker.location.state(),
};

/** Integer rules by property name, for numbers whose range the type alone does not give. */
export const integerRules: Readonly<Record<string, (faker: Faker) => number>> = {
  port: (faker) => faker.internet.port(),
  nodePort: (faker) => faker.number.int({ min: 30000, max: 32767 }),
  sourcePort: (faker) => faker.internet.port(),
  destinationPort: (faker) => faker.internet.port(),
};

/** Number rules by property name. */
export const numberRules: Readonly<Record<string, (faker: Faker) => number>> = {
  latitude: (faker) => faker.location.latitude(),
  longitude: (faker) => faker.location.longitude(),
};

/** Links to the Microsoft Defender portal, as Graph builds them from an object's ids. */
export function defenderPortalUrl(
  kind: 'incident' | 'alert',
  id: string,
  tenantId: string | null | undefined,
): string {
  const path = kind === 'incident' ? `incidents/${id}` : `alerts/${id}`;
  return `https://security.microsoft.com/${path}${tenantId ? `?tid=${tenantId}` : ''}`;
}
