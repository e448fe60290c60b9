import type { IsoTime } from './time';

/**
 * A domain event as the domain sees it once stored: its type and data, plus the identity and
 * times the store gave it. Folds (`evolve`) receive these; deciders return bare `{type, data}`.
 */
export interface RecordedEvent<TType extends string = string, TData = unknown> {
  readonly eventId: string;
  readonly type: TType;
  readonly data: TData;
  /** Clinical time: when it happened to the patient. */
  readonly occurredAt: IsoTime;
  /** Server time (UTC) when the system stored it. Time travel folds up to this. */
  readonly recordedAt: IsoTime;
  readonly streamId?: string;
  readonly revision?: number;
  readonly globalPosition?: number;
}

/** What a decider returns: the facts to record. Ids and recorded times are assigned on append. */
export interface DecidedEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
  readonly occurredAt: IsoTime;
}
