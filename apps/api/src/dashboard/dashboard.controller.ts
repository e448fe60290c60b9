import { Controller, Get, Header, HttpCode } from '@nestjs/common';
import { documentRoute } from '../docs/route-docs';
import { Public } from '../http/request-context';
import { DASHBOARD_CSP } from '../http/security-plugins';
import { DASHBOARD_HTML } from './dashboard-page';
import { DASHBOARD_JS } from './dashboard-script';

const DASHBOARD = documentRoute({
  method: 'GET',
  path: '/',
  summary: 'The care-team dashboard (HTML): live alert inbox, acknowledgement, patient timelines. Pass ?token=',
  tag: 'Meta',
  roles: 'public',
  responses: { 200: 'HTML' },
  produces: ['text/html'],
});

const SCRIPT = documentRoute({
  method: 'GET',
  path: '/dashboard.js',
  summary: 'The dashboard page’s script',
  tag: 'Meta',
  roles: 'public',
  responses: { 200: 'JavaScript' },
  produces: ['text/javascript'],
});

@Controller()
export class DashboardController {
  @Public()
  @Get(DASHBOARD.nestPath)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', DASHBOARD_CSP)
  page(): string {
    return DASHBOARD_HTML;
  }

  /** The page's script, apart from the page so that its CSP can forbid inline script. */
  @Public()
  @Get(SCRIPT.nestPath)
  @Header('content-type', 'text/javascript; charset=utf-8')
  script(): string {
    return DASHBOARD_JS;
  }

  /** Browsers ask for it; an empty answer keeps 404s out of the logs. */
  @Public()
  @Get('/favicon.ico')
  @HttpCode(204)
  favicon(): void {
    return undefined;
  }
}
