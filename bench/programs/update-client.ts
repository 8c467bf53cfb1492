// Bundle-size program: resolve an incident with the client object of @graph-incidents/client.
import { createIncidentsClient } from '@graph-incidents/client';

const graph = createIncidentsClient({ getAccessToken: () => localStorage.getItem('graph-token') ?? '' });
const incident = await graph.updateIncident('29', { status: 'resolved', classification: 'truePositive' });
console.log(incident.status, incident.lastUpdateDateTime);
