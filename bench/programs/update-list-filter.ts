// Bundle-size program: update, list with paging and the filter builder, through the client object.
import { createIncidentsClient, incidentFilter as f } from '@graph-incidents/client';

const graph = createIncidentsClient({ getAccessToken: () => localStorage.getItem('graph-token') ?? '' });
const filter = f.and(f.eq('status', 'active'), f.ge('createdDateTime', '2026-01-01T00:00:00Z'));
for await (const incident of graph.iterateIncidents({ filter, select: ['severity', 'status'] })) {
  if (incident.severity === 'high')
    await graph.updateIncident(incident.id, { status: 'inProgress', assignedTo: 'soc@contoso.com' });
}
