import { createHash } from 'crypto';

/**
 * The namespace of every id this library derives. Never change it: every role and
 * scope id ever synthesized depends on it.
 */
export const LIBRARY_NAMESPACE = '5b0c6c3e-8d4f-5e0b-9a57-3f1d2c7e4a10';

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The nil GUID, which Entra uses for "default access" on APIs without roles. */
export const NIL_GUID = '00000000-0000-0000-0000-000000000000';

/** Whether `s` is a GUID in its canonical 8-4-4-4-12 form. */
export function isGuid(s: string): boolean {
  return GUID_RE.test(s);
}

/**
 * A name-based UUID (version 5, SHA-1) as RFC 9562 defines it: the same namespace and
 * name always give the same id, on every machine.
 */
export function uuidV5(name: string, namespace: string = LIBRARY_NAMESPACE): string {
  if (!isGuid(namespace)) {
    throw new Error(`uuidV5: namespace '${namespace}' is not a GUID`);
  }
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(Buffer.from(name, 'utf8')).digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A GUID as Microsoft Graph stores and returns it: lower case. Graph keeps every id in lower
 * case whatever the case it was given, and the azuread provider compares ids as plain strings
 * (`principal_object_id` forces a new assignment), so an id written in upper case would show a
 * change, or a replacement, on every plan. Anything that is not a literal GUID (a token, a
 * name) is returned as it is.
 */
export function canonicalGuid<T extends string | undefined>(value: T): T {
  return (typeof value === 'string' && isGuid(value) ? value.toLowerCase() : value) as T;
}
