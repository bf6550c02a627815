import Provider from 'oidc-provider';

/**
 * Documents read ahead within one token request, for a later step of the same request that
 * would otherwise read them again (keyed by `Provider.ctx`, oidc-provider's request context).
 * Each is taken once, then dropped: asking again reads the database. Never shared between
 * requests, so nothing authorization-related outlives the request that read it.
 */
const documents = new WeakMap<object, Map<string, unknown>>();

/** Keeps `value` (possibly undefined: "read, and not there") for this request under `key`. */
export function putReadAlong(key: string, value: unknown, ctx: object | undefined = Provider.ctx): void {
  if (!ctx) return;
  let map = documents.get(ctx);
  if (!map) documents.set(ctx, (map = new Map()));
  map.set(key, value);
}

/** Takes what this request read ahead under `key`, once; undefined when nothing was. */
export function takeReadAlong<T>(key: string, ctx: object | undefined = Provider.ctx): { value: T } | undefined {
  const map = ctx && documents.get(ctx);
  if (!map?.has(key)) return undefined;
  const value = map.get(key) as T;
  map.delete(key);
  return { value };
}
