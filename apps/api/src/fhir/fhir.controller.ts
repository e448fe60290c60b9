import { Controller, Get, Inject, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { rolesFor } from '@poems/auth';
import type { AppConfig } from '@poems/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { badRequest, notFound } from '../http/http-problem';
import { Ctx, Public, type RequestContext, Roles } from '../http/request-context';
import { parseInput } from '../http/zod-input';
import { APP_CONFIG } from '../platform/tokens';
import { patientIdParam } from '../patients/patient-access';
import { capabilityStatement } from './capability-statement';
import { FhirErrorFilter } from './fhir-error.filter';
import { FhirRecords } from './fhir-records';
import { type FhirResourceType, matches, patientParam, RESOURCE_TYPES, searchQuerySchema } from './fhir-search';
import { fhirBase } from './fhir-base';
import { parseEventResourceId } from './mapping/fhir-ids';
import { MRN_SYSTEM } from './mapping/fhir-codes';
import { searchBundle } from './mapping/patient-resources';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const resourceTypeParam = z.enum(RESOURCE_TYPES);
const resourceIdParam = z.string().regex(/^[A-Za-z0-9.-]{1,64}$/, 'a FHIR id');
const DEFAULT_COUNT = 50;

/**
 * /fhir/R4: a read-only FHIR R4 view of the record (read, search, $everything), with the same
 * tokens, care-team scoping and access log as /v1. Refusals are OperationOutcomes.
 */
@Controller('fhir/R4')
@UseFilters(FhirErrorFilter)
export class FhirController {
  constructor(
    private readonly records: FhirRecords,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('metadata')
  @Public()
  metadata(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return send(reply, capabilityStatement(fhirBase(request, this.config), '0.1.0'));
  }

  @Get('Patient/:id/$everything')
  @Roles(...rolesFor('patient.read'))
  async everything(@Param('id') rawId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply, @Ctx() ctx: RequestContext) {
    const patientId = parseInput(patientIdParam, rawId, 'id');
    const resources = await this.records.resourcesOf(ctx, patientId, 'fhir-everything', {});
    return send(reply, searchBundle(resources, fhirBase(request, this.config), [{ relation: 'self', url: `${fhirBase(request, this.config)}/Patient/${patientId}/$everything` }], resources.length));
  }

  @Get(':type/:id')
  @Roles(...rolesFor('patient.read'))
  async read(@Param('type') rawType: string, @Param('id') rawId: string, @Res() reply: FastifyReply, @Ctx() ctx: RequestContext) {
    const type = parseInput(resourceTypeParam, rawType, 'type');
    const id = parseInput(resourceIdParam, rawId, 'id');
    const patientId = await this.patientOf(type, id);
    if (!patientId) throw notFound('RESOURCE_NOT_FOUND', `No ${type}/${id}`);
    const resource = (await this.records.resourcesOf(ctx, patientId, 'fhir-read', { type, id })).find((r) => r.resourceType === type && r.id === id);
    if (!resource) throw notFound('RESOURCE_NOT_FOUND', `No ${type}/${id}`);
    return send(reply, resource);
  }

  @Get(':type')
  @Roles(...rolesFor('patient.read'))
  async search(@Param('type') rawType: string, @Query() rawQuery: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply, @Ctx() ctx: RequestContext) {
    const type = parseInput(resourceTypeParam, rawType, 'type');
    const query = parseInput(searchQuerySchema, rawQuery, 'query');
    const patientIds = await this.patientsSearched(type, query);
    const all: Resource[] = [];
    for (const patientId of patientIds) all.push(...(await this.records.resourcesOf(ctx, patientId, 'fhir-search', query as Record<string, unknown>).catch(unlessNotFound)));
    const found = all.filter((resource) => resource.resourceType === type && matches(resource, query));
    const count = query._count ?? DEFAULT_COUNT;
    const offset = query._offset ?? 0;
    const page = found.slice(offset, offset + count);
    const base = fhirBase(request, this.config);
    const link = (at: number) => `${base}/${type}?${pageParams(query, count, at)}`;
    const links: Bundle['link'] = [
      { relation: 'self', url: link(offset) },
      ...(offset + count < found.length ? [{ relation: 'next', url: link(offset + count) }] : []),
      ...(offset > 0 ? [{ relation: 'previous', url: link(Math.max(0, offset - count)) }] : []),
    ];
    return send(reply, searchBundle(page, base, links, found.length));
  }

  private async patientOf(type: FhirResourceType, id: string): Promise<string | null> {
    if (type === 'Patient') return patientIdParam.safeParse(id).success ? id : null;
    if (type === 'DetectedIssue') return patientIdParam.safeParse(id).success ? this.records.patientOfAlert(id) : null;
    return parseEventResourceId(id)?.patientId ?? null;
  }

  /** Searches are per patient (`patient`); Patient is also searched by `_id` or `identifier` (the MRN). */
  private async patientsSearched(type: FhirResourceType, query: z.output<typeof searchQuerySchema>): Promise<string[]> {
    const patient = patientParam(query);
    if (patient !== undefined) return patientIdParam.safeParse(patient).success ? [patient] : [];
    if (type === 'Patient' && query._id) return patientIdParam.safeParse(query._id).success ? [query._id] : [];
    if (type === 'Patient' && query.identifier) {
      const [system, value] = query.identifier.includes('|') ? query.identifier.split('|', 2) : [undefined, query.identifier];
      if (system && system !== MRN_SYSTEM(this.records.mrnAuthority)) return [];
      return this.records.patientsByMrn(value!);
    }
    throw badRequest('SEARCH_NEEDS_PATIENT', `Search ${type} by patient (?patient=Patient/<id>)${type === 'Patient' ? ', _id or identifier' : ''}: whole-population searches are the Bulk Data $export`, [{ field: 'patient', message: 'required' }]);
  }
}

/** A patient the caller may not read is simply not in a search's results (its refusal is logged). */
function unlessNotFound(error: unknown): Resource[] {
  if ((error as { kind?: string }).kind === 'not_found') return [];
  throw error;
}

/** The same search at another offset (a repeated parameter stays repeated: `date` twice is a range). */
function pageParams(query: Record<string, unknown>, count: number, offset: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || key === '_count' || key === '_offset') continue;
    for (const one of Array.isArray(value) ? value : [value]) params.append(key, String(one));
  }
  params.append('_count', String(count));
  params.append('_offset', String(offset));
  return params.toString();
}

function send(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.status(200).header('content-type', FHIR_JSON).send(body);
}
