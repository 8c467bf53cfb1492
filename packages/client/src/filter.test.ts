import { describe, expect, it } from 'vitest';
import { createFilterBuilder } from './filter.js';
import { incidentFilter as f, incidentFilterableProperties } from './generated/odata.gen.js';

describe('incidentFilter', () => {
  it('quotes strings with single quotes doubled and leaves dates unquoted', () => {
    expect(f.eq('assignedTo', "o'brien@contoso.com")).toBe("assignedTo eq 'o''brien@contoso.com'");
    expect(f.ne('status', 'resolved')).toBe("status ne 'resolved'");
    expect(f.eq('classification', null)).toBe('classification eq null');
    expect(f.ge('createdDateTime', '2026-01-01T00:00:00Z')).toBe('createdDateTime ge 2026-01-01T00:00:00Z');
    expect(f.lt('lastUpdateDateTime', new Date(Date.UTC(2026, 1, 2, 3, 4, 5, 600)))).toBe(
      'lastUpdateDateTime lt 2026-02-02T03:04:05.600Z',
    );
    expect(f.gt('createdDateTime', '2021-08-13T08:43:35.5533333+02:00')).toBe(
      'createdDateTime gt 2021-08-13T08:43:35.5533333+02:00',
    );
  });

  it('parenthesises and/or operands', () => {
    expect(
      f.and(
        f.or(f.eq('severity', 'high'), f.eq('severity', 'medium')),
        f.le('createdDateTime', '2026-01-31T23:59:59Z'),
      ),
    ).toBe("((severity eq 'high') or (severity eq 'medium')) and (createdDateTime le 2026-01-31T23:59:59Z)");
  });

  it('rejects at runtime what the types reject, with a clear message', () => {
    const untyped = f as unknown as Record<string, (...args: unknown[]) => string>;
    expect(() => untyped['eq']!('displayName', 'x')).toThrow(
      'eq does not apply to "displayName"; it applies to assignedTo, classification, determination, severity, status',
    );
    expect(() => untyped['gt']!('status', '2026-01-01T00:00:00Z')).toThrow(
      'gt does not apply to "status"; it applies to createdDateTime, lastUpdateDateTime',
    );
    expect(() => untyped['ge']!('createdDateTime', "2026-01-01' or 1 eq 1")).toThrow(
      /needs a Date or an ISO date-time/,
    );
    expect(() => untyped['ge']!('createdDateTime', '2026-01-01')).toThrow(/with a time zone/);
    expect(() => untyped['eq']!('status', 3)).toThrow('eq on status needs a string or null, got number');
    expect(() => untyped['lt']!('createdDateTime', new Date(Number.NaN))).toThrow();
  });

  it('is built from the generated metadata: the 7 filterable properties', () => {
    expect(incidentFilterableProperties).toEqual({
      assignedTo: 'string',
      classification: 'enum',
      createdDateTime: 'dateTime',
      determination: 'enum',
      lastUpdateDateTime: 'dateTime',
      severity: 'enum',
      status: 'enum',
    });
    expect(() => createFilterBuilder({}).eq('x' as never, 'y' as never)).toThrow('it applies to no property');
  });
});
