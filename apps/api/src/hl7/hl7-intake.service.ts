import { randomUUID } from 'node:crypto';
import type { Hl7Message } from '@medplum/core';
import { integrationPrincipal } from '@poems/auth';
import type { CommandContext, CommandHandler } from '@poems/command-pipeline';
import { DomainError } from '@poems/kernel';
import type { Clock } from '../platform/tokens';
import { Er7Error, mshValue, parseEr7 } from './er7';
import { type AckCode, type AckHeader, buildAck, UNREADABLE_HEADER } from './hl7-ack';
import { type Channel, feedOf } from './hl7-feeds';
import type { Hl7IntakeLog, IntakeChannel, IntakeEntry, IntakeStatus } from './hl7-intake-log';
import { HL7_ERROR, type Hl7Issue, issueAt } from './hl7-issue';
import type { Feed, MappingSource } from './hl7-mapping-file';
import type { Hl7Recorder } from './hl7-recorder';
import { Hl7Refusal } from './hl7-refusals';
import { headerIssues, readOru } from './oru-reading';

export interface Hl7Answer {
  ack: string;
  ackCode: AckCode;
  status: IntakeStatus;
  intakeId: number;
}

/** A delivery as the door received it; a replay names the refused entry and the admin replaying it. */
export interface Hl7Delivery {
  channel: Channel | { kind: 'replay'; feedId: string; of: number; by: string; reason: string };
  correlationId?: string;
}

/** What the handler stores under the Idempotency-Key: the first answer, sent again to a duplicate. */
interface StoredAnswer {
  ack: string;
  status: 'recorded' | 'accepted';
  events: number;
  replayed?: boolean;
}

/**
 * The HL7 v2 door (MLLP and POST /v1/hl7 alike): reads the message, identifies the feed, turns the
 * results into commands for the one handler under an Idempotency-Key of sender + MSH-10, answers
 * with an original-mode ACK, and keeps every message in the intake log. Nothing of a message is
 * written unless all of it is (AE and AR write nothing).
 */
export class Hl7IntakeService {
  constructor(
    private readonly handler: CommandHandler,
    private readonly recorder: Hl7Recorder,
    private readonly log: Hl7IntakeLog,
    private readonly mapping: MappingSource,
    private readonly mrnAuthority: string,
    private readonly clock: Clock,
  ) {}

  /**
   * Never throws: a failure that is not a refusal (the database is down) answers AE with code 207
   * and is not logged, so the sender keeps the message and sends it again.
   */
  async answer(raw: string, delivery: Hl7Delivery, onFailure: (error: unknown) => void): Promise<Hl7Answer | { ack: string; ackCode: 'AE'; status: 'failed'; intakeId: null }> {
    try {
      return await this.receive(raw, delivery);
    } catch (error) {
      onFailure(error);
      let header = UNREADABLE_HEADER;
      try {
        header = headerOf(parseEr7(raw));
      } catch {
        // unreadable: answer without a control id
      }
      const issue = issueAt('MSH', 1, 10, HL7_ERROR.APPLICATION_ERROR, 'the message could not be processed now: nothing was recorded; send it again');
      return { ack: buildAck(header, 'AE', [issue], this.clock()), ackCode: 'AE', status: 'failed', intakeId: null };
    }
  }

  /** An MLLP frame refused before it could be read (too large): logged, answered AR. */
  async rejectUnread(channel: Channel, reason: string): Promise<string> {
    const issue = issueAt('MSH', 1, 0, HL7_ERROR.APPLICATION_ERROR, reason);
    const base = { ...this.entryBase({ channel }, ''), raw: null };
    return (await this.finish(base, UNREADABLE_HEADER, 'AR', 'rejected', [issue], { events: 0 })).ack;
  }

  async receive(raw: string, delivery: Hl7Delivery): Promise<Hl7Answer> {
    const base = this.entryBase(delivery, raw);
    let message: Hl7Message;
    try {
      message = parseEr7(raw);
    } catch (error) {
      if (!(error instanceof Er7Error)) throw error;
      const issue = issueAt(error.location.slice(0, 3), 1, 0, HL7_ERROR.APPLICATION_ERROR, error.message);
      return this.finish(base, UNREADABLE_HEADER, 'AR', 'rejected', [issue], { events: 0 });
    }
    const header = headerOf(message);
    const described = { ...base, sendingApplication: header.sendingApplication, sendingFacility: header.sendingFacility, controlId: header.controlId, messageType: `${mshValue(message, 9, 1)}^${mshValue(message, 9, 2)}` };
    const feed = this.feedFor(delivery, header);
    if (!feed) {
      const issue = issueAt('MSH', 1, 3, HL7_ERROR.UNKNOWN_KEY, 'this sender is not a lab feed allowed to send from this address with these credentials');
      return this.finish(described, header, 'AR', 'rejected', [issue], { events: 0 });
    }
    const withFeed = { ...described, feedId: feed.id };
    const structural = headerIssues(message);
    if (structural.length) return this.finish(withFeed, header, 'AR', 'rejected', structural, { events: 0 });

    const reading = readOru(message, feed, this.mapping.mapping, this.mrnAuthority);
    const requestHash = this.handler.requestHasher.hash({ door: 'hl7', er7: message.toString() });
    const ctx: CommandContext = {
      principal: integrationPrincipal('lab-feed', feed.id, feed.careTeams),
      correlationId: delivery.correlationId ?? randomUUID(),
      source: 'hl7',
      idempotencyKey: `hl7:${header.sendingApplication}^${header.sendingFacility}:${header.controlId}`,
      requestHash,
      ...(delivery.channel.kind === 'replay' && { reason: `Replayed from the HL7 intake log (entry ${delivery.channel.of}) by ${delivery.channel.by}: ${delivery.channel.reason}` }),
    };
    let patientId: string | null = null;
    try {
      const answer = await this.handler.idempotent<StoredAnswer>(ctx, requestHash, async () => {
        const recorded = await this.recorder.record(reading, ctx);
        patientId = recorded.patientId;
        const status = recorded.events > 0 ? 'recorded' : 'accepted';
        return { ack: buildAck(header, 'AA', [], this.clock()), status, events: recorded.events };
      });
      const entry = { ...withFeed, skipped: reading.skipped, patientId };
      if (answer.replayed) return this.finish(entry, header, 'AA', 'duplicate', [], { events: 0, ack: answer.ack });
      return this.finish(entry, header, 'AA', answer.status, [], { events: answer.events, ack: answer.ack });
    } catch (error) {
      const refused = refusalIssues(error);
      if (!refused) throw error;
      const code: AckCode = refused.reject ? 'AR' : 'AE';
      return this.finish({ ...withFeed, skipped: reading.skipped, patientId }, header, code, code === 'AR' ? 'rejected' : 'refused', refused.issues, { events: 0 });
    }
  }

  private feedFor(delivery: Hl7Delivery, header: AckHeader): Feed | undefined {
    const feeds = this.mapping.mapping.feeds;
    if (delivery.channel.kind === 'replay') {
      const { feedId } = delivery.channel;
      return feeds.find((feed) => feed.id === feedId && feed.sendingApplication === header.sendingApplication && feed.sendingFacility === header.sendingFacility);
    }
    return feedOf(feeds, header.sendingApplication, header.sendingFacility, delivery.channel);
  }

  private entryBase(delivery: Hl7Delivery, raw: string): IntakeEntry {
    const channel: IntakeChannel = delivery.channel.kind;
    return {
      channel,
      peer: delivery.channel.kind === 'replay' ? null : delivery.channel.peer,
      feedId: null,
      sendingApplication: null,
      sendingFacility: null,
      controlId: null,
      messageType: null,
      status: 'rejected',
      ackCode: 'AR',
      issues: [],
      skipped: [],
      events: 0,
      raw,
      patientId: null,
      ...(delivery.channel.kind === 'replay' && { replayOf: delivery.channel.of, replayedBy: delivery.channel.by }),
    };
  }

  private async finish(entry: IntakeEntry, header: AckHeader, ackCode: AckCode, status: IntakeStatus, issues: Hl7Issue[], result: { events: number; ack?: string }): Promise<Hl7Answer> {
    const ack = result.ack ?? buildAck(header, ackCode, issues, this.clock());
    const intakeId = await this.log.record({ ...entry, ackCode, status, issues, events: result.events });
    if (entry.replayOf !== undefined && ackCode === 'AA') await this.log.markResolved(entry.replayOf, intakeId);
    return { ack, ackCode, status, intakeId };
  }
}

function headerOf(message: Hl7Message): AckHeader {
  return {
    sendingApplication: mshValue(message, 3),
    sendingFacility: mshValue(message, 4),
    receivingApplication: mshValue(message, 5),
    receivingFacility: mshValue(message, 6),
    controlId: mshValue(message, 10),
    version: mshValue(message, 12),
  };
}

/** The issues of a refusal (nothing written), or null for a failure that is not one. */
function refusalIssues(error: unknown): { issues: Hl7Issue[]; reject: boolean } | null {
  if (error instanceof Hl7Refusal) return { issues: error.hl7Issues, reject: false };
  if (error instanceof DomainError && error.code === 'IDEMPOTENCY_KEY_REUSED') {
    return { issues: [issueAt('MSH', 1, 10, HL7_ERROR.DUPLICATE_KEY, 'this control id was already used for a different message: nothing was recorded')], reject: true };
  }
  if (error instanceof DomainError) return { issues: [issueAt('MSH', 1, 10, HL7_ERROR.APPLICATION_ERROR, `${error.code}: ${error.message}`)], reject: false };
  return null;
}
