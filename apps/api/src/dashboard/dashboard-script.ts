/**
 * The dashboard page's script, served as /dashboard.js so that the page's Content-Security-Policy
 * can forbid inline script (moved here verbatim from dashboard-page.ts).
 */
export const DASHBOARD_JS = `const params = new URLSearchParams(location.search);
const tokenInput = document.getElementById('token');
tokenInput.value = params.get('token') || localStorage.getItem('poems-token') || '';
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
const api = async (path, init = {}) => {
  const response = await fetch(path, { ...init, headers: { authorization: 'Bearer ' + tokenInput.value, 'content-type': 'application/json', ...(init.headers || {}) } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message || response.statusText);
  return body;
};
const status = (text) => (document.getElementById('status').textContent = text);
async function loadAlerts(minPosition) {
  localStorage.setItem('poems-token', tokenInput.value);
  try {
    // After a live event, wait until the inbox includes it (its id is its global position).
    const { items } = await api('/v1/alerts?limit=200' + (minPosition ? '&minPosition=' + minPosition : ''));
    document.querySelector('#alerts tbody').innerHTML = items.map((a) =>
      '<tr class="alert ' + esc(a.status) + '" data-patient="' + esc(a.patientId) + '" data-alert="' + esc(a.alertId) + '"><td class="' + esc(a.severity) + '">' + esc(a.rule) +
      '<br><small>' + esc(a.summary) + '</small></td><td>' + esc(a.clinicalTime.slice(0, 10)) + '</td><td>' + esc(a.status) +
      (a.status === 'OPEN' ? '<br><button data-ack="accepted">Accept</button><button data-ack="overridden">Override</button>' : '') + '</td></tr>').join('');
    status(items.length + ' alerts');
  } catch (error) { status(error.message); }
}
document.querySelector('#alerts').addEventListener('click', async (event) => {
  const row = event.target.closest('tr.alert');
  if (!row) return;
  const outcome = event.target.dataset.ack;
  if (outcome) {
    const reason = outcome === 'overridden' ? prompt('Reason for overriding this alert') : undefined;
    if (outcome === 'overridden' && !reason) return;
    try { await api('/v1/alerts/' + row.dataset.alert + '/acknowledge', { method: 'POST', body: JSON.stringify({ outcome, reason }) }); } catch (error) { alert(error.message); }
    return loadAlerts();
  }
  showTimeline(row.dataset.patient);
});
function vegfChart(labs) {
  const points = labs.filter((l) => l.test === 'VEGF' && typeof l.value === 'number');
  if (points.length < 2) return '';
  const t0 = Date.parse(points[0].collectedAt), t1 = Date.parse(points[points.length - 1].collectedAt);
  const max = Math.max(...points.map((p) => p.value), 700);
  const x = (p) => 10 + 580 * (Date.parse(p.collectedAt) - t0) / Math.max(1, t1 - t0), y = (v) => 150 - 140 * v / max;
  const uln = points[points.length - 1].upperLimitOfNormal || 600;
  return '<h4>Serum VEGF (pg/mL)</h4><svg width="600" height="160"><line x1="10" x2="590" y1="' + y(uln) + '" y2="' + y(uln) + '" stroke="#b00020" stroke-dasharray="4"/>' +
    '<polyline fill="none" stroke="#23395d" stroke-width="2" points="' + points.map((p) => x(p) + ',' + y(p.value)).join(' ') + '"/></svg>';
}
async function showTimeline(patientId) {
  const target = document.getElementById('timeline');
  try {
    const t = await api('/v1/patients/' + patientId + '/timeline');
    const p = t.patient;
    target.innerHTML = '<h3>' + esc(p.identity && p.identity.name ? p.identity.name : 'Patient ' + p.patientId) + '</h3><p>' + esc(p.arm) + ' · age ' + esc(p.ageAtEnrolment) +
      ' · protocol ' + esc(p.protocol.id + ' v' + p.protocol.version) + ' · ' + esc(p.status) + '</p>' + vegfChart(t.labs) +
      '<h4>Alerts</h4><ul>' + t.alerts.map((a) => '<li class="' + esc(a.severity) + '">' + esc(a.clinicalTime.slice(0, 10) + ' ' + a.rule + ': ' + a.summary + ' (' + a.status + ')') + '</li>').join('') + '</ul>' +
      '<h4>Thalidomide</h4><ul>' + t.thalidomide.map((d) => '<li>' + esc(d.from.slice(0, 10) + ' → ' + (d.to ? d.to.slice(0, 10) : 'ongoing') + ': ' + d.mgPerDay + ' mg/day (' + d.phase + ')') + '</li>').join('') + '</ul>' +
      '<h4>Transplant</h4><ul>' + t.transplant.map((m) => '<li>' + esc(m.occurredAt.slice(0, 10) + ' ' + m.milestone + (m.day !== null ? ' (day ' + m.day + ')' : '')) + '</li>').join('') + '</ul>' +
      '<h4>Labs</h4><table>' + t.labs.slice(-40).map((l) => '<tr><td>' + esc(l.collectedAt.slice(0, 10)) + '</td><td>' + esc(l.test) + '</td><td>' + esc(l.value) + ' ' + esc(l.unit || '') + '</td><td>' + esc(l.flag || '') + (l.corrected ? ' (corrected)' : '') + '</td></tr>').join('') + '</table>';
  } catch (error) { target.textContent = error.message; }
}
let source;
function connect() {
  if (source) source.close();
  if (!tokenInput.value) return status('paste a token');
  loadAlerts();
  source = new EventSource('/v1/alerts/stream?token=' + encodeURIComponent(tokenInput.value));
  source.onmessage = source.onerror = null;
  for (const name of ['alert.raised', 'alert.acknowledged', 'alert.escalated', 'alert.resolved']) source.addEventListener(name, (event) => loadAlerts(event.lastEventId));
}
tokenInput.addEventListener('change', connect);
connect();
`;
