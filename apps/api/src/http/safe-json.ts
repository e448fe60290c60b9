/**
 * JSON bodies are checked for text PostgreSQL cannot store (NUL, unpaired surrogates) so that
 * such input is a clear 400, never a 500 from deep inside an append.
 */
export function findUnstorableText(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') {
    if (value.includes('\u0000') || !value.isWellFormed()) return path.join('.') || '(body)';
    return undefined;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, String(index)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findUnstorableText(key, [...path, '(key)']) ?? findUnstorableText(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
