import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { isGuid } from './uuid';

/** Whether a value (or any string inside it) is still a token to be resolved by Terraform. */
export function isUnresolved(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  // Every string token's text holds this marker: most strings are literals, and cdktf's own
  // test runs regular expressions over the whole string.
  if (typeof value === 'string') return value.includes('TfToken[') && Token.isUnresolved(value);
  if (typeof value === 'number') return Token.isUnresolved(value);
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some(isUnresolved);
  return Token.isUnresolved(value);
}

/** UTF-8 bytes of a string: what the azuread and azurerm providers' length limits count (Go's len). */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/**
 * An error that names the construct, what is wrong and how to fix it. Thrown eagerly
 * where the bad value arrives, so the stack trace points at the user's line.
 */
export function entraError(scope: IConstruct, message: string): Error {
  return new Error(`[${scope.node.path}] ${message}`);
}

/**
 * Throws, naming `scope`, unless `value` is a GUID or a token: `{what} '{value}' is not a
 * GUID. {fix}`.
 */
export function requireGuid(scope: IConstruct, what: string, value: string, fix: string): void {
  if (isUnresolved(value) || isGuid(value)) return;
  throw entraError(scope, `${what} '${value}' is not a GUID. ${fix}`);
}

const VALUE_ALLOWED = /^[!#$%&'()*+,\-./:;<=>?@[\]^_`{|}~0-9A-Za-z]+$/;
/** OpenID Connect's scope names (Microsoft identity platform: scopes-oidc). */
const RESERVED_VALUES = new Set(['openid', 'profile', 'email', 'offline_access']);

/**
 * Problems with an app role or scope value (ENTRA-RULES 5), or undefined when it is fine.
 * An unresolved token is never judged.
 */
export function checkPermissionValue(kind: 'app role' | 'scope', value: string): string | undefined {
  if (isUnresolved(value)) return undefined;
  if (value.length === 0) return `${kind} value is empty; give a value such as 'Orders.Read'`;
  if (value.length > 120) {
    return `${kind} value '${value.slice(0, 40)}...' is ${value.length} characters long; Entra allows at most 120`;
  }
  if (/\s/.test(value)) {
    return `${kind} value '${value}' contains white space; Entra does not allow spaces in values. Use dots or underscores, e.g. '${value.replace(/\s+/g, '.')}'`;
  }
  if (value.startsWith('.')) return `${kind} value '${value}' starts with '.'; Entra does not allow that. Remove the leading dot`;
  if (!VALUE_ALLOWED.test(value)) {
    return `${kind} value '${value}' has characters Entra does not allow; use letters, digits and !#$%&'()*+,-./:;<=>?@[]^_\`{|}~`;
  }
  return undefined;
}

/**
 * A warning for an app role or scope value that is one of OpenID Connect's scope names, or
 * undefined. Graph does not refuse it, but a client that asks for `openid` or `email` gets
 * Entra's OpenID Connect scope, never this API's.
 */
export function reservedValueWarning(kind: 'app role' | 'scope', value: string): string | undefined {
  if (isUnresolved(value) || !RESERVED_VALUES.has(value.toLowerCase())) return undefined;
  return `${kind} value '${value}' is also an OpenID Connect scope name (openid, profile, email, offline_access): a client that asks for it `
    + 'by that name alone gets Entra\'s OpenID Connect scope, not this API\'s. Choose another value unless the registration already has it';
}

/**
 * Throws, naming `scope`, unless `value` is one of the values of the enum `e`. A token is
 * refused as such, never judged as a literal: `why` says what the value decides at synth.
 */
export function checkEnum(scope: IConstruct, what: string, value: string, e: Record<string, string>, why = 'the library checks and writes by it'): void {
  if (isUnresolved(value)) {
    throw entraError(scope, `${what} must be known at synth (got a token): ${why}. Give one of ${Object.values(e).join(', ')}.`);
  }
  if (!Object.values(e).includes(value)) {
    throw entraError(scope, `${what} '${value}' is not one of ${Object.values(e).join(', ')}.`);
  }
}

