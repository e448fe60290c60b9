import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { protocolDefinitionSchema, defineProtocol } from '@poems/protocol';
import { type Infrastructure, previewProtocol } from '@poems/runtime';
import { AccessRecorder } from '../audit/access-recorder';
import { documentRoute } from '../docs/route-docs';
import { Ctx, type RequestContext, Roles } from '../http/request-context';
import { parseInput } from '../http/zod-input';
import { CLOCK, type Clock, INFRASTRUCTURE } from '../platform/tokens';

const PREVIEW = documentRoute({
  method: 'POST',
  path: '/v1/admin/protocol-preview',
  summary: 'Impact preview of a candidate protocol definition: the alerts it would add and remove, per patient and rule',
  description:
    'Replays every patient’s history as if enrolled under the candidate (the body: a protocol definition, validated as PROTOCOL_DIRECTORY files are) ' +
    'and compares what its rules find with the alerts raised. Nothing is written and the candidate is not registered; ' +
    '`npm run protocol:preview -- --protocol <file>` does the same from the command line.',
  tag: 'Protocols',
  roles: ['admin'],
  body: protocolDefinitionSchema,
  responses: { 200: 'The report: per patient the alerts added and removed (or why it could not be replayed), and per rule the totals', 400: 'The definition is invalid: each field and why' },
});

@Controller()
@Roles('admin')
export class ProtocolPreviewController {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: AccessRecorder,
  ) {}

  @Post(PREVIEW.nestPath)
  @HttpCode(200)
  async preview(@Body() raw: unknown, @Ctx() ctx: RequestContext) {
    const candidate = defineProtocol(parseInput(protocolDefinitionSchema, raw, 'body') as never);
    // Every patient's clinical history is read, though only alert keys and summaries leave: record it.
    await this.access.record(ctx, 'protocol-preview', 200, { query: { protocol: `${candidate.id}@${candidate.version}` } });
    return previewProtocol({ store: this.infra.rawStore, pool: this.infra.pool, schema: this.infra.schema }, candidate, { now: this.clock().toISOString() });
  }
}
