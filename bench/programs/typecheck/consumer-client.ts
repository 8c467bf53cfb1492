// Consumer type-check program: triage active high-severity incidents with @graph-incidents/client and its types.
import { createIncidentsClient, incidentFilter as f } from '@graph-incidents/client';
import type { Incident, IncidentUpdate } from '@graph-incidents/types';

const graph = createIncidentsClient({ getAccessToken: () => localStorage.getItem('graph-token') ?? '' });

export async function triage(owner: string): Promise<number> {
  const filter = f.and(f.eq('status', 'active'), f.eq('severity', 'high'));
  let updated = 0;
  for await (const incident of graph.iterateIncidents({
    filter,
    select: ['severity', 'status', 'assignedTo'],
  })) {
    if (incident.assignedTo) continue;
    const update: IncidentUpdate = { status: 'inProgress', assignedTo: owner };
    const result: Incident = await graph.updateIncident(incident.id, update);
    if (result.status === 'inProgress') updated += 1;
  }
  return updated;
}

export function describe(incident: Pick<Incident, 'id' | 'severity' | 'status'>): string {
  return `${incident.id}: ${incident.severity ?? 'unknown'} / ${incident.status ?? 'unknown'}`;
}
