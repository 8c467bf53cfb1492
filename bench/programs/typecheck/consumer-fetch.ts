// Consumer type-check baseline: the same triage with raw fetch and hand-written types for what it reads.
interface IncidentSummary {
  id: string;
  severity?: string;
  status?: string;
  assignedTo?: string | null;
}
interface IncidentPage {
  value: IncidentSummary[];
  '@odata.nextLink'?: string;
}

const root = 'https://graph.microsoft.com/v1.0';
const headers = (): Record<string, string> => ({
  authorization: `Bearer ${localStorage.getItem('graph-token') ?? ''}`,
  'content-type': 'application/json',
});

async function send<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: headers() });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} failed with ${response.status}`);
  return (await response.json()) as T;
}

export async function triage(owner: string): Promise<number> {
  const filter = "(status eq 'active') and (severity eq 'high')";
  let next: string | undefined =
    `${root}/security/incidents?$filter=${encodeURIComponent(filter)}&$select=severity,status,assignedTo`;
  let updated = 0;
  while (next) {
    const page: IncidentPage = await send<IncidentPage>(next);
    for (const incident of page.value) {
      if (incident.assignedTo) continue;
      const result = await send<IncidentSummary>(`${root}/security/incidents/${incident.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ status: 'inProgress', assignedTo: owner }),
      });
      if (result.status === 'inProgress') updated += 1;
    }
    next = page['@odata.nextLink'];
  }
  return updated;
}

export function describe(incident: IncidentSummary): string {
  return `${incident.id}: ${incident.severity ?? 'unknown'} / ${incident.status ?? 'unknown'}`;
}
