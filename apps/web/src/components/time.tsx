import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { formatDate, formatDateTime, timeTitle } from '../time';

/** The clinic's time zone, from /v1/web-config (CLINIC_TIME_ZONE). */
export const ClinicZone = createContext('UTC');

export function useClinicZone(): string {
  return useContext(ClinicZone);
}

/** A time in the clinic's zone; hovering shows the zone, its offset and UTC. */
export function Time({ iso, dateOnly = false }: { iso: string | null | undefined; dateOnly?: boolean }) {
  const zone = useClinicZone();
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso} title={timeTitle(iso, zone)}>
      {dateOnly ? formatDate(iso, zone) : formatDateTime(iso, zone)}
    </time>
  );
}
