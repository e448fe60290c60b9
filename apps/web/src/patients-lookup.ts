import { useEffect, useState } from 'preact/hooks';
import { api } from './api/client';
import type { paths } from './api/schema';

export type PatientListItem = paths['/v1/patients']['get']['responses'][200]['content']['application/json']['items'][number];

/** A patient's name and MRN for display, or "identity erased". */
export function patientLabel(patient: Pick<PatientListItem, 'identity' | 'patientId'> | undefined, patientId = patient?.patientId ?? ''): { name: string; mrn: string | null } {
  if (!patient) return { name: `Patient ${patientId.slice(0, 8)}`, mrn: null };
  const identity = patient.identity as { erased?: boolean; name?: string; mrn?: string };
  if (identity.erased) return { name: 'Identity erased', mrn: null };
  return { name: identity.name ?? `Patient ${patient.patientId.slice(0, 8)}`, mrn: identity.mrn ?? null };
}

/** The patients these ids name (at most 100 per request; the list endpoint logs who saw which). */
export function usePatients(ids: ReadonlyArray<string>): Map<string, PatientListItem> {
  const [found, setFound] = useState(new Map<string, PatientListItem>());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    const wanted = key ? key.split(',') : [];
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length === 0) return;
    let cancelled = false;
    void (async () => {
      const next = new Map(found);
      for (let i = 0; i < missing.length; i += 100) {
        const { data } = await api.GET('/v1/patients', { params: { query: { ids: missing.slice(i, i + 100).join(','), limit: '100' } } });
        for (const item of data?.items ?? []) next.set(item.patientId, item);
      }
      if (!cancelled) setFound(next);
    })();
    return () => {
      cancelled = true;
    };
  }, [key]);
  return found;
}
