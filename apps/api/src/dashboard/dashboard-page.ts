/**
 * A one-page care-team dashboard, served as-is: the alert inbox (live over server-sent events),
 * acknowledgement, and a patient's timeline with its VEGF curve. It calls the public API with the
 * token it is given, so it can do nothing the token cannot. Script and styles are separate files
 * so the page's content security policy can forbid inline code.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>POEMS monitoring</title>
<link rel="stylesheet" href="/dashboard.css">
<script src="/dashboard.js" defer></script>
</head>
<body>
<header><strong>POEMS monitoring</strong>
<form id="signin" autocomplete="off"><input id="token" type="password" autocomplete="off" spellcheck="false" placeholder="Paste a bearer token (npm start prints some)" aria-label="Bearer token"><button type="submit">Sign in</button></form>
<span id="who"></span><button id="signout" type="button" hidden>Sign out</button><span id="status"></span></header>
<main><section><h3>Alerts</h3><table id="alerts"><thead><tr><th>Rule</th><th>Clinical time</th><th>Status</th></tr></thead><tbody></tbody></table></section>
<section id="timeline"><p>Select an alert to open the patient’s timeline.</p></section></main>
</body></html>`;

export const DASHBOARD_CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2733;background:#f5f7fa}
header{background:#23395d;color:#fff;padding:10px 16px;display:flex;gap:16px;align-items:center}
header form{flex:1;display:flex;gap:6px}header input{flex:1;font:inherit;padding:4px}
main{display:grid;grid-template-columns:minmax(320px,1fr) 2fr;gap:12px;padding:12px}
section{background:#fff;border-radius:6px;padding:10px;box-shadow:0 1px 2px #0002;overflow:auto;max-height:calc(100vh - 90px)}
table{border-collapse:collapse;width:100%}td,th{padding:4px 6px;border-bottom:1px solid #e4e8ee;text-align:left;vertical-align:top}
.critical{color:#b00020;font-weight:600}.warning{color:#b35c00}.info{color:#2a5d9f}
.RESOLVED{opacity:.55}tr.alert{cursor:pointer}tr.alert:hover{background:#eef3fb}
button{font:inherit;margin-right:4px}#status,#who{font-size:12px;opacity:.8}
svg{background:#fafbfd;border:1px solid #e4e8ee}
`;
