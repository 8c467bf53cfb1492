// Bundle-size baseline: the same update with raw fetch and nothing else.
export {};

const response = await fetch('https://graph.microsoft.com/v1.0/security/incidents/29', {
  method: 'PATCH',
  headers: {
    authorization: `Bearer ${localStorage.getItem('graph-token') ?? ''}`,
    'content-type': 'application/json',
  },
  body: JSON.stringify({ status: 'resolved', classification: 'truePositive' }),
});
if (!response.ok) throw new Error(`PATCH failed with ${response.status}: ${await response.text()}`);
const incident = (await response.json()) as { status?: string; lastUpdateDateTime?: string };
console.log(incident.status, incident.lastUpdateDateTime);
