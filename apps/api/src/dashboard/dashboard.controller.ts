import { Controller, Get, Header, HttpCode } from '@nestjs/common';
import { documentRoute } from '../docs/route-docs';
import { Public } from '../http/request-context';
import { DASHBOARD_CSS, DASHBOARD_HTML } from './dashboard-page';
import { DASHBOARD_SCRIPT } from './dashboard-script';

const DASHBOARD = documentRoute({
  method: 'GET',
  path: '/',
  summary: 'The care-team dashboard (HTML): live alert inbox, acknowledgement, patient timelines. Paste a token into its sign-in field (kept in the page’s memory only)',
  tag: 'Meta',
  roles: 'public',
  responses: { 200: 'HTML' },
  produces: ['text/html'],
});

/** No inline code may run, nothing may frame the page, and it talks to this API only. */
const PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

@Controller()
export class DashboardController {
  @Public()
  @Get(DASHBOARD.nestPath)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', PAGE_POLICY)
  @Header('referrer-policy', 'no-referrer')
  page(): string {
    return DASHBOARD_HTML;
  }

  @Public()
  @Get('/dashboard.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  script(): string {
    return DASHBOARD_SCRIPT;
  }

  @Public()
  @Get('/dashboard.css')
  @Header('content-type', 'text/css; charset=utf-8')
  style(): string {
    return DASHBOARD_CSS;
  }

  /** Browsers ask for it; an empty answer keeps 404s out of the logs. */
  @Public()
  @Get('/favicon.ico')
  @HttpCode(204)
  favicon(): void {
    return undefined;
  }
}
