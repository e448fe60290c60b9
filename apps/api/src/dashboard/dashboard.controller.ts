import { Controller, Get, Header, HttpCode } from '@nestjs/common';
import { documentRoute } from '../docs/route-docs';
import { Public } from '../http/request-context';
import { DASHBOARD_HTML } from './dashboard-page';

const DASHBOARD = documentRoute({
  method: 'GET',
  path: '/',
  summary: 'The care-team dashboard (HTML): live alert inbox, acknowledgement, patient timelines. Pass ?token=',
  tag: 'Meta',
  roles: 'public',
  responses: { 200: 'HTML' },
  produces: ['text/html'],
});

@Controller()
export class DashboardController {
  @Public()
  @Get(DASHBOARD.nestPath)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'")
  @Header('referrer-policy', 'no-referrer')
  page(): string {
    return DASHBOARD_HTML;
  }

  /** Browsers ask for it; an empty answer keeps 404s out of the logs. */
  @Public()
  @Get('/favicon.ico')
  @HttpCode(204)
  favicon(): void {
    return undefined;
  }
}
