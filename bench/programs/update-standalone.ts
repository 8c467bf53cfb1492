// Bundle-size program: the same update through the standalone generated function, for tree-shaking.
import { createIncidentsCore, updateIncident } from '@graph-incidents/client';

const core = createIncidentsCore({ getAccessToken: () => localStorage.getItem('graph-token') ?? '' });
const incident = await updateIncident(core, '29', { status: 'resolved', classification: 'truePositive' });
console.log(incident.status, incident.lastUpdateDateTime);
