import { useEffect, useRef, useState } from 'preact/hooks';
import { api, problemMessage } from '../api/client';

/**
 * Accept, or override with a reason (required by the API too). Keyboard: the Override button opens
 * the reason field with focus in it; Escape cancels and returns focus to the button.
 */
export function AcknowledgeForm({ alertId, open, onOpen, onClose, onDone }: { alertId: string; open: boolean; onOpen: () => void; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const overrideButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) field.current?.focus();
  }, [open]);

  const submit = async (outcome: 'accepted' | 'overridden') => {
    setBusy(true);
    setError(null);
    const body = outcome === 'overridden' ? { outcome, reason: reason.trim() } : { outcome };
    const { error: problem } = await api.POST('/v1/alerts/{alertId}/acknowledge', { params: { path: { alertId } }, body });
    setBusy(false);
    if (problem) return setError(problemMessage(problem));
    onClose();
    onDone();
  };
  const cancel = () => {
    onClose();
    overrideButton.current?.focus();
  };

  if (!open) {
    return (
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => void submit('accepted')}>
          Accept
        </button>
        <button type="button" class="secondary" ref={overrideButton} onClick={onOpen}>
          Override…
        </button>
        {error && <span class="error" role="alert">{error}</span>}
      </div>
    );
  }
  return (
    <form
      class="override"
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim()) void submit('overridden');
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') cancel();
      }}
    >
      <label for={`reason-${alertId}`}>Why override this alert?</label>
      <textarea id={`reason-${alertId}`} ref={field} required maxLength={500} rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      <div class="actions">
        <button type="submit" disabled={busy || !reason.trim()}>
          Override
        </button>
        <button type="button" class="secondary" onClick={cancel}>
          Cancel
        </button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}
