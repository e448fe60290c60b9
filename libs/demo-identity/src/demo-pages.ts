import type { DemoUser } from './demo-users';

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b1f24}
main{max-width:30rem;margin:3rem auto;padding:2rem;background:#fff;border:1px solid #c9d1d9;border-radius:8px}
h1{font-size:1.4rem;margin-top:0}p.note{color:#4a5561;font-size:.9rem}
button{display:block;width:100%;margin:.5rem 0;padding:.7rem;font:inherit;font-weight:600;color:#fff;background:#0b5cad;border:0;border-radius:6px;cursor:pointer}
button:hover,button:focus-visible{background:#084785;outline:3px solid #f5b301;outline-offset:2px}
button.secondary{background:#fff;color:#0b5cad;border:1px solid #0b5cad}
small{display:block;font-weight:400}`;

/** The provider's own pages: no script at all, styles inline, never framed. */
export const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function loginPage(uid: string, clientName: string, users: ReadonlyArray<DemoUser>): string {
  const buttons = users
    .map(
      (user) =>
        `<button type="submit" name="user" value="${escapeHtml(user.id)}">Sign in as ${escapeHtml(user.label)}<small>${escapeHtml(user.name)} · ${escapeHtml(user.roles.join(', '))}${user.careTeams.length ? ` · care teams ${escapeHtml(user.careTeams.join(', '))}` : ''}</small></button>`,
    )
    .join('');
  return page(
    'Demo sign-in',
    `<h1>Demo identity provider</h1><p>${escapeHtml(clientName)} asks who you are. Choose a demo user:</p>` +
      `<form method="post" action="/interaction/${encodeURIComponent(uid)}/login">${buttons}</form>` +
      `<form method="post" action="/interaction/${encodeURIComponent(uid)}/abort"><button type="submit" class="secondary">Cancel</button></form>` +
      '<p class="note">For demonstrations and tests only: a hospital signs in through its own provider (Keycloak, Entra ID…).</p>',
  );
}

export function logoutPage(form: string, host: string): string {
  return page(
    'Sign out',
    `<h1>Sign out of the demo identity provider?</h1><p>You have left POEMS monitoring. Also end your session at ${escapeHtml(host)}, so the next person must choose who they are.</p>${form}` +
      '<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>' +
      '<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in here</button>',
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
