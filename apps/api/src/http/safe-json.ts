/**
 * JSON from outside (request bodies, import lines) is parsed here, so that hostile shapes are a
 * clear 400 rather than a 500 or a stalled event loop: nesting is bounded by a scan of the raw text
 * before anything walks the value, and text PostgreSQL cannot store (NUL, unpaired surrogates) is
 * found by an iterative walk. No command nests deeper than a few levels; 64 leaves ample room.
 */
export const MAX_JSON_DEPTH = 64;

export type SafeJson =
  | { ok: true; value: unknown }
  | { ok: false; code: 'MALFORMED_JSON' | 'JSON_TOO_DEEP' | 'UNSTORABLE_TEXT'; field: string; message: string };

export function parseJsonSafely(text: string, maxDepth = MAX_JSON_DEPTH): SafeJson {
  if (nestingExceeds(text, maxDepth)) {
    return { ok: false, code: 'JSON_TOO_DEEP', field: '(body)', message: `nested deeper than ${maxDepth} levels of arrays and objects (the limit)` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, code: 'MALFORMED_JSON', field: '(body)', message: `not valid JSON: ${(error as Error).message}` };
  }
  const unstorable = findUnstorableText(value);
  if (unstorable !== undefined) {
    return { ok: false, code: 'UNSTORABLE_TEXT', field: unstorable, message: 'contains a NUL or an unpaired surrogate character' };
  }
  return { ok: true, value };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/** True when brackets outside strings nest deeper than `maxDepth`. Linear, no recursion. */
export function nestingExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (OPENERS.has(code)) {
      if (++depth > maxDepth) return true;
    } else if (CLOSERS.has(code)) {
      depth -= 1;
    }
  }
  return false;
}

interface PathNode {
  parent: PathNode | undefined;
  key: string;
}

function pathOf(node: PathNode | undefined): string {
  const keys: string[] = [];
  for (let at = node; at; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.') || '(body)';
}

function isUnstorable(text: string): boolean {
  return text.includes('\u0000') || !text.isWellFormed();
}

/**
 * The path of the first string (or key) PostgreSQL cannot store, if any. Iterative, and the path
 * is built only for the culprit, so the cost stays linear whatever the shape.
 */
export function findUnstorableText(root: unknown): string | undefined {
  const stack: Array<{ value: unknown; path: PathNode | undefined }> = [{ value: root, path: undefined }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (isUnstorable(value)) return pathOf(path);
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], path: { parent: path, key: String(index) } });
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, item] = entries[index]!;
        if (isUnstorable(key)) return pathOf({ parent: path, key: '(key)' });
        stack.push({ value: item, path: { parent: path, key } });
      }
    }
  }
  return undefined;
}
