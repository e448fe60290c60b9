/**
 * A canonical JSON encoding (keys sorted by code unit, no whitespace, `undefined` dropped) so a
 * hash computed before storage can be recomputed from what the store returns, whatever key order
 * or spacing the store keeps (PostgreSQL jsonb reorders keys). Every append hashes every event
 * through this: it is written for speed (one string built in place, no intermediate arrays).
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Cannot encode non-finite number ${value}`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const item: unknown = value[i];
          out += item === undefined ? 'null' : canonicalJson(item);
        }
        return `${out}]`;
      }
      // Default sort compares UTF-16 code units, as the encoding requires.
      const keys = Object.keys(value).sort();
      const record = value as Record<string, unknown>;
      let out = '{';
      let first = true;
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        if (!first) out += ',';
        first = false;
        out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`Cannot encode a value of type ${typeof value}`);
  }
}
