import type { Alert, AlertSeverity, Incident, IncidentStatus } from '@graph-incidents/types';
import { describe, expectTypeOf, it } from 'vitest';
import { createIncidentsClient } from './client.js';
import type { Filter } from './filter.js';
import {
  incidentFilter as f,
  type IncidentFilterFields,
  type IncidentOrderby,
} from './generated/odata.gen.js';
import type { Page } from './paging.js';

const graph = createIncidentsClient();

describe('select and expand', () => {
  it('narrows the result to the selected properties, id always included', async () => {
    const picked = await graph.getIncident('1', { select: ['status', 'severity'] });
    expectTypeOf(picked).toEqualTypeOf<{ id: string; status: IncidentStatus; severity: AlertSeverity }>();
    // @ts-expect-error displayName was not selected
    void picked.displayName;
  });

  it('adds expanded navigation properties as present, and leaves them out otherwise', async () => {
    const expanded = await graph.getIncident('1', { select: ['id'], expand: ['alerts'] });
    expectTypeOf(expanded).toEqualTypeOf<{ id: string; alerts: Alert[] }>();
    const star = await graph.getIncident('1', { expand: ['*'] });
    expectTypeOf(star.alerts).toEqualTypeOf<Alert[]>();
    const plain = await graph.getIncident('1');
    expectTypeOf(plain).toEqualTypeOf<Omit<Incident, 'alerts'>>();
    // @ts-expect-error alerts are returned only with expand
    void plain.alerts;
  });

  it('narrows list pages and iterated items the same way', async () => {
    const page = await graph.listIncidents({ select: ['id', 'status'] });
    expectTypeOf(page).toEqualTypeOf<Page<{ id: string; status: IncidentStatus }>>();
    for await (const item of graph.iterateIncidents({ select: ['assignedTo'] }))
      expectTypeOf(item).toEqualTypeOf<{ id: string; assignedTo?: string | null }>();
  });

  it('rejects unknown properties', () => {
    // @ts-expect-error not an incident property
    void graph.getIncident('1', { select: ['title'] });
    // @ts-expect-error status is not a navigation property
    void graph.getIncident('1', { expand: ['status'] });
  });
});

describe('orderby', () => {
  it('accepts a sortable property, optionally with asc or desc', () => {
    expectTypeOf<'createdDateTime desc'>().toExtend<IncidentOrderby>();
    expectTypeOf<'severity'>().toExtend<IncidentOrderby>();
    void graph.listIncidents({ orderby: ['lastUpdateDateTime asc', 'id'] });
    // @ts-expect-error not a property
    void graph.listIncidents({ orderby: ['title desc'] });
    // @ts-expect-error only asc or desc may follow
    void graph.listIncidents({ orderby: ['createdDateTime down'] });
    // @ts-expect-error collections are not sortable
    void graph.listIncidents({ orderby: ['customTags'] });
  });
});

describe('filter builder', () => {
  it('builds filters that listIncidents and countIncidents accept, next to raw strings', () => {
    const filter = f.and(f.eq('status', 'active'), f.ge('createdDateTime', '2026-01-01T00:00:00Z'));
    expectTypeOf(filter).toEqualTypeOf<Filter<IncidentFilterFields>>();
    void graph.listIncidents({ filter });
    void graph.listIncidents({ filter: "status eq 'active'" });
    void graph.countIncidents(f.eq('severity', 'high'));
  });

  it('takes eq/ne only on enums and strings, with their writable members', () => {
    void f.eq('assignedTo', null);
    void f.ne('determination', 'notMalicious');
    // @ts-expect-error not a member
    void f.eq('status', 'closed');
    // @ts-expect-error unknownFutureValue is never a value to send
    void f.eq('status', 'unknownFutureValue');
    // @ts-expect-error severity is never null
    void f.eq('severity', null);
    // @ts-expect-error dates take range operators
    void f.eq('createdDateTime', '2026-01-01T00:00:00Z');
    // @ts-expect-error displayName is not filterable
    void f.eq('displayName', 'x');
  });

  it('takes range operators only on the two date properties, with a Date or an ISO date-time', () => {
    void f.gt('lastUpdateDateTime', new Date());
    void f.le('createdDateTime', '2026-01-01T00:00:00.123+01:00');
    // @ts-expect-error status is not a date
    void f.gt('status', 'active');
    // @ts-expect-error not an ISO date-time
    void f.ge('createdDateTime', 'yesterday');
    // @ts-expect-error and needs two operands
    void f.and(f.eq('status', 'active'));
  });
});

describe('write models', () => {
  it('updateIncident takes only writable members and resolves to an Incident', async () => {
    expectTypeOf(await graph.updateIncident('1', { status: 'resolved' })).toEqualTypeOf<Incident>();
    // @ts-expect-error Graph ignores unknownFutureValue in a PATCH
    void graph.updateIncident('1', { status: 'unknownFutureValue' });
    // @ts-expect-error id is not writable
    void graph.updateIncident('1', { id: '2' });
  });
});
