/**
 * The dashboard's script. The bearer token lives in one variable of this script only: never in the
 * address bar, localStorage, sessionStorage or a cookie (those outlive the tab, reach other scripts
 * and end up in histories and logs). The live feed opens with a single-use stream ticket, because
 * EventSource cannot send an Authorization header; each reconnection asks for a new ticket.
 */
export const DASHBOARD_SCRIPT = String.raw`'use strict';
let token = null;
let source = null;
let lastEventId = null;
let reconnectTimer = null;
const $ = (id) => document.getElementById(id);
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
const status = (text) => ($('status').textContent = text);

async function api(path, init = {}) {
  const headers = { authorization: 'Bearer ' + token, ...(init.body ? { 'content-type': 'application/json' } : {}) };
  const response = await fetch(path, { ...init, headers, cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(body.message || response.statusText), { status: response.status });
  return body;
}

function signIn(value) {
  token = value.trim() || null;
  if (!token) return status('paste a token');
  let claims = {};
  try { claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))); } catch { /* the API will say what is wrong */ }
  $('who').textContent = claims.sub ? claims.sub + (claims.exp ? ' until ' + new Date(claims.exp * 1000).toLocaleTimeString() : '') : '';
  $('signin').hidden = true;
  $('signout').hidden = false;
  lastEventId = null;
  loadAlerts();
  openStream();
}

function signOut(message) {
  token = null;
  clearTimeout(reconnectTimer);
  if (source) source.close();
  source = null;
  $('who').textContent = '';
  $('signin').hidden = false;
  $('signout').hidden = true;
  document.querySelector('#alerts tbody').innerHTML = '';
  $('timeline').innerHTML = '<p>Select an alert to open the patient’s timeline.</p>';
  status(message || 'signed out');
}

function refused(error) {
  if (error.status === 401) signOut('Your token was refused (' + error.message + '): paste a new one');
  return error.status === 401;
}

async function openStream() {
  clearTimeout(reconnectTimer);
  if (source) source.close();
  source = null;
  if (!token) return;
  let ticket;
  try {
    ticket = await api('/v1/alerts/stream-tickets', { method: 'POST' });
  } catch (error) {
    if (!refused(error)) { status('live feed: ' + error.message + ' (retrying)'); reconnectTimer = setTimeout(openStream, 5000); }
    return;
  }
  source = new EventSource(ticket.url + (lastEventId ? '&after=' + encodeURIComponent(lastEventId) : ''));
  for (const name of ['alert.raised', 'alert.acknowledged', 'alert.escalated', 'alert.resolved']) {
    source.addEventListener(name, (event) => { lastEventId = event.lastEventId; loadAlerts(event.lastEventId); });
  }
  source.addEventListener('replay.truncated', () => loadAlerts());
  source.addEventListener('stream.closed', (event) => {
    const { reason, message } = JSON.parse(event.data);
    source.close();
    if (reason === 'TOKEN_EXPIRED') signOut(message);
    else reconnectTimer = setTimeout(openStream, 3000);
  });
  // A ticket opens one stream only: EventSource's own retry would be refused, so retry with a new ticket.
  source.onerror = () => {
    if (source) source.close();
    if (token) reconnectTimer = setTimeout(openStream, 3000);
  };
}

async function loadAlerts(minPosition) {
  if (!token) return;
  try {
    // After a live event, wait until the inbox includes it (its id is its global position).
    const { items } = await api('/v1/alerts?limit=200' + (minPosition ? '&minPosition=' + minPosition : ''));
    document.querySelector('#alerts tbody').innerHTML = items.map((a) =>
      '<tr class="alert ' + esc(a.status) + '" data-patient="' + esc(a.patientId) + '" data-alert="' + esc(a.alertId) + '"><td class="' + esc(a.severity) + '">' + esc(a.rule) +
      '<br><small>' + esc(a.summary) + '</small></td><td>' + esc(a.clinicalTime.slice(0, 10)) + '</td><td>' + esc(a.status) +
      (a.status === 'OPEN' ? '<br><button data-ack="accepted">Accept</button><button data-ack="overridden">Override</button>' : '') + '</td></tr>').join('');
    status(items.length + ' alerts');
  } catch (error) { if (!refused(error)) status(error.message); }
}

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
  const target = $('timeline');
  try {
    const t = await api('/v1/patients/' + encodeURIComponent(patientId) + '/timeline');
    const p = t.patient;
    target.innerHTML = '<h3>' + esc(p.identity && p.identity.name ? p.identity.name : 'Patient ' + p.patientId) + '</h3><p>' + esc(p.arm) + ' · age ' + esc(p.ageAtEnrolment) +
      ' · protocol ' + esc(p.protocol.id + ' v' + p.protocol.version) + ' · ' + esc(p.status) + '</p>' + vegfChart(t.labs) +
      '<h4>Alerts</h4><ul>' + t.alerts.map((a) => '<li class="' + esc(a.severity) + '">' + esc(a.clinicalTime.slice(0, 10) + ' ' + a.rule + ': ' + a.summary + ' (' + a.status + ')') + '</li>').join('') + '</ul>' +
      '<h4>Thalidomide</h4><ul>' + t.thalidomide.map((d) => '<li>' + esc(d.from.slice(0, 10) + ' → ' + (d.to ? d.to.slice(0, 10) : 'ongoing') + ': ' + d.mgPerDay + ' mg/day (' + d.phase + ')') + '</li>').join('') + '</ul>' +
      '<h4>Transplant</h4><ul>' + t.transplant.map((m) => '<li>' + esc(m.occurredAt.slice(0, 10) + ' ' + m.milestone + (m.day !== null ? ' (day ' + m.day + ')' : '')) + '</li>').join('') + '</ul>' +
      '<h4>Labs</h4><table>' + t.labs.slice(-40).map((l) => '<tr><td>' + esc(l.collectedAt.slice(0, 10)) + '</td><td>' + esc(l.test) + '</td><td>' + esc(l.value) + ' ' + esc(l.unit || '') + '</td><td>' + esc(l.flag || '') + (l.corrected ? ' (corrected)' : '') + '</td></tr>').join('') + '</table>';
  } catch (error) { if (!refused(error)) target.textContent = error.message; }
}

document.addEventListener('DOMContentLoaded', () => {
  // Old links carried ?token=: drop it from the address bar and history, and do not use it.
  if (new URLSearchParams(location.search).has('token')) {
    history.replaceState(null, '', location.pathname);
    status('A token in the address is not used (addresses end up in histories and logs): paste it above');
  } else {
    status('paste a token');
  }
  $('signin').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('token').value;
    $('token').value = '';
    signIn(value);
  });
  $('signout').addEventListener('click', () => signOut());
  $('alerts').addEventListener('click', async (event) => {
    const row = event.target.closest('tr.alert');
    if (!row) return;
    const outcome = event.target.dataset.ack;
    if (outcome) {
      const reason = outcome === 'overridden' ? prompt('Reason for overriding this alert') : undefined;
      if (outcome === 'overridden' && !reason) return;
      try { await api('/v1/alerts/' + encodeURIComponent(row.dataset.alert) + '/acknowledge', { method: 'POST', body: JSON.stringify({ outcome, reason }) }); } catch (error) { if (!refused(error)) alert(error.message); }
      return loadAlerts();
    }
    showTimeline(row.dataset.patient);
  });
});
`;
