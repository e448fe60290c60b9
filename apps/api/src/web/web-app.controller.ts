import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, HttpCode } from '@nestjs/common';
import { documentRoute } from '../docs/route-docs';
import { HttpProblem } from '../http/http-problem';
import { Public } from '../http/request-context';
import { WEB_APP_CSP, webAppRoot } from './web-app';

const WEB_APP = documentRoute({
  method: 'GET',
  path: '/',
  summary: 'The web app (HTML): ward-round inbox, patients, the study’s figures, the audit. Sign in through the identity provider (no token is pasted anywhere)',
  description: 'Also served at /inbox, /patients, /patients/{patientId}, /cohort and /audit (the app’s own pages).',
  tag: 'Meta',
  roles: 'public',
  responses: { 200: 'HTML', 503: 'The web app is not built (npm run build)' },
  produces: ['text/html'],
});

/** The app's pages, each answered with the same index.html (the app routes in the browser). */
const PAGES = [WEB_APP.nestPath, '/inbox', '/patients', '/patients/:patientId', '/cohort', '/audit'];

@Controller()
export class WebAppController {
  private html?: string;

  @Public()
  @Get(PAGES)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', WEB_APP_CSP)
  @Header('referrer-policy', 'no-referrer')
  page(): string {
    this.html ??= this.load();
    return this.html;
  }

  /** Browsers ask for it; an empty answer keeps 404s out of the logs. */
  @Public()
  @Get('/favicon.ico')
  @HttpCode(204)
  favicon(): void {
    return undefined;
  }

  private load(): string {
    const file = join(webAppRoot(), 'index.html');
    if (!existsSync(file)) throw new HttpProblem(503, 'WEB_APP_NOT_BUILT', 'The web app is not built: run `npm run build` (npm start and npm test build it)');
    return readFileSync(file, 'utf8');
  }
}
