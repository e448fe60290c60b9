export function SeverityBadge({ severity }: { severity: string }) {
  return <span class={`badge severity-${severity}`}>{severity}</span>;
}

export function EscalationBadge({ level }: { level: number }) {
  if (level <= 0) return null;
  return (
    <span class="badge escalated" title={`Unacknowledged past the escalation time ${level} time${level > 1 ? 's' : ''}`}>
      escalated{level > 1 ? ` ×${level}` : ''}
    </span>
  );
}

export function CorrectedMark({ corrections }: { corrections?: ReadonlyArray<{ reason: string; correctedBy: string | null; recordedAt: string }> }) {
  if (!corrections?.length) return null;
  const last = corrections[corrections.length - 1]!;
  return (
    <span class="badge corrected" title={`Corrected by ${last.correctedBy ?? 'unknown'}: ${last.reason}`}>
      corrected
    </span>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorNote({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p class="error" role="alert">
      {message}
    </p>
  );
}
