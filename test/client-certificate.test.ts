import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataAzurermKeyVaultCertificate } from '@cdktf/provider-azurerm/lib/data-azurerm-key-vault-certificate';
import { CertificateEncoding, CertificateSource, DaemonApp, ExistingRegistration, SpaApp, WebApp } from '../lib';
import { ClientCertificate } from '../lib/client-certificate';
import { makeStack, resources, synth, throwsWith } from './util';
import { providerRuleErrors } from './provider-rules-check';

/** A self-signed certificate (public part only), as `openssl req -x509` writes it. */
const PEM = `-----BEGIN CERTIFICATE-----
MIIBhjCCASugAwIBAgIUOJPuSTjPgopuQMxanj+tIb/Fz4swCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNb3JkZXJzLWRhZW1vbjAeFw0yNjEyMDcwOTA1MTlaFw0zNjEy
MDQwOTA1MTlaMBgxFjAUBgNVBAMMDW9yZGVycy1kYWVtb24wWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAASv0rzjOJFklimVRjo58p0Ii8on04dAx5LcrIaV1vylI1ZI
XbzvJeRF0nqpixTpFthlm52BPxUXFEv8U+tfxr6po1MwUTAdBgNVHQ4EFgQURXaN
Z188iBl3Fg5TbG/0vuMFvH0wHwYDVR0jBBgwFoAURXaNZ188iBl3Fg5TbG/0vuMF
vH0wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEA5+iwVJva+H/h
o7JqJVZTy0TdoXRg4/YtvcS/lCISGgUCIQCb5SDgOLTH4FsNMPxvZqibdrZQeJKy
yW06Bh5qpIpWtw==
-----END CERTIFICATE-----
`;
const DER_BASE64 = PEM.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
const DER_HEX = Buffer.from(DER_BASE64, 'base64').toString('hex');
const CLIENT: ExistingRegistration = {
  applicationObjectId: '2546c976-62cb-563c-ba93-81305f588a1e',
  clientId: '90fee439-8b7e-5191-a465-9b5e269170b0',
  servicePrincipalObjectId: '557affe7-2cd2-5c18-bd3a-ced54db9f34a',
};
const KEY_ID = '6f1c4a4e-2d3b-4c5a-9e8f-0a1b2c3d4e5f';

function certificates(json: any): any[] {
  return Object.values(resources(json, 'azuread_application_certificate'));
}

describe('ClientCertificate', () => {
  it('adds a PEM certificate as an asymmetric X.509 credential of the client, replaced before the old one goes', () => {
    const stack = makeStack();
    const daemon = new DaemonApp(stack, 'Daemon', { displayName: 'Orders Daemon' });
    const cert = daemon.addCertificate('ci', { source: CertificateSource.fromPem(PEM), endDate: '2036-01-01T00:00:00Z' });
    const json = synth(stack);
    const [c] = certificates(json);
    assert.equal(c.type, 'AsymmetricX509Cert');
    assert.equal(c.value, PEM);
    assert.equal(c.encoding, undefined, 'pem is the provider default');
    assert.equal(c.end_date, '2036-01-01T00:00:00Z');
    assert.equal(c.key_id, undefined);
    assert.deepEqual(c.lifecycle, { create_before_destroy: true });
    assert.match(c.application_id, /^\$\{azuread_application\.Daemon_[0-9A-F]{8}\.id\}$/);
    assert.deepEqual(daemon.certificates, [cert]);
    assert.equal(json.import, undefined);
    assert.deepEqual(providerRuleErrors(json), []);
  });

  it('writes base64 and hex DER with their encoding', () => {
    const stack = makeStack();
    const web = new WebApp(stack, 'Web', { displayName: 'Portal', redirectUris: ['https://portal.contoso.com/signin-oidc'] });
    web.addCertificate('der', { source: CertificateSource.fromBase64Der(DER_BASE64) });
    web.addCertificate('hex', { source: CertificateSource.fromHexDer(DER_HEX) });
    const json = synth(stack);
    assert.deepEqual(certificates(json).map((c) => c.encoding).sort(), ['base64', 'hex']);
    assert.deepEqual(providerRuleErrors(json), []);
  });

  it('takes a Key Vault certificate by its attributes, as tokens', () => {
    const stack = makeStack();
    const kv = new DataAzurermKeyVaultCertificate(stack, 'KvCert', { name: 'orders-daemon', keyVaultId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv' });
    const daemon = new DaemonApp(stack, 'Daemon', { displayName: 'Orders Daemon' });
    daemon.addCertificate('kv', {
      source: CertificateSource.fromKeyVaultCertificate({
        certificateData: kv.certificateData, notBefore: kv.notBefore, expires: kv.expires,
      }),
    });
    const [c] = certificates(synth(stack));
    assert.equal(c.encoding, 'hex');
    assert.match(c.value, /^\$\{data\.azurerm_key_vault_certificate\.KvCert\.certificate_data\}$/);
    assert.match(c.start_date, /^\$\{data\.azurerm_key_vault_certificate\.KvCert\.not_before\}$/);
    assert.match(c.end_date, /^\$\{data\.azurerm_key_vault_certificate\.KvCert\.expires\}$/);
  });

  it('adopts an existing certificate by its key id, ignoring what Graph cannot return', () => {
    const stack = makeStack();
    const daemon = new DaemonApp(stack, 'Daemon', { displayName: 'Orders Daemon', existing: CLIENT });
    daemon.addCertificate('old', { source: CertificateSource.fromPem(PEM), existingKeyId: KEY_ID.toUpperCase() });
    const json = synth(stack);
    const [c] = certificates(json);
    assert.equal(c.key_id, KEY_ID);
    assert.deepEqual(c.lifecycle, { ignore_changes: ['value', 'encoding', 'start_date', 'end_date'] });
    const imports = (json.import as { to: string; id: string }[]).filter((i) => i.to.startsWith('azuread_application_certificate.'));
    assert.deepEqual(imports.map((i) => i.id), [`${CLIENT.applicationObjectId}/certificate/${KEY_ID}`]);
    assert.deepEqual(providerRuleErrors(json), []);
    throwsWith(() => daemon.addCertificate('again', { source: CertificateSource.fromPem(PEM), existingKeyId: KEY_ID }),
      /certificate 'again' adopts key id .*, which another certificate of this registration adopts already/);
  });

  it('throws on a private key, data that does not match its encoding, bad dates, and adoption without an adopted client', () => {
    const daemon = () => new DaemonApp(makeStack(), 'Daemon', { displayName: 'D' });
    throwsWith(() => daemon().addCertificate('k', { source: CertificateSource.fromPem(`${PEM}-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n`) }),
      /\[test\/Daemon\/Certificate:k\] the certificate data contains a private key/);
    throwsWith(() => daemon().addCertificate('k', { source: CertificateSource.fromPem(DER_BASE64) }), /not a PEM certificate/, /fromBase64Der/);
    throwsWith(() => daemon().addCertificate('k', { source: CertificateSource.fromBase64Der(PEM) }), /PEM text; use CertificateSource\.fromPem/);
    throwsWith(() => daemon().addCertificate('k', { source: CertificateSource.fromBase64Der('abc') }), /not standard base64/);
    throwsWith(() => daemon().addCertificate('k', { source: CertificateSource.fromHexDer('30820') }), /not hex-encoded DER/);
    throwsWith(() => daemon().addCertificate('k', { source: CertificateSource.fromPem(PEM), endDate: '2027-01-01' }), /endDate '2027-01-01' is not an RFC 3339 time/);
    throwsWith(() => daemon().addCertificate('k', { source: CertificateSource.fromPem(PEM), startDate: '2027-01-01T00:00:00Z', endDate: '2026-01-01T00:00:00Z' }),
      /is not after startDate/);
    throwsWith(() => daemon().addCertificate('k', { source: CertificateSource.fromPem(PEM), existingKeyId: KEY_ID }), /adopts certificate 'k', but D .* is not an existing registration/);
    throwsWith(() => daemon().addCertificate('k', { source: CertificateSource.fromPem(PEM), existingKeyId: 'old-cert' }), /existingKeyId 'old-cert' is not a GUID/);
    const d = daemon();
    d.addCertificate('k', { source: CertificateSource.fromPem(PEM) });
    throwsWith(() => d.addCertificate('k', { source: CertificateSource.fromPem(PEM) }), /already has a certificate named 'k'/);
  });

  it('refuses a certificate on a client that cannot keep one', () => {
    const stack = makeStack();
    const spa = new SpaApp(stack, 'Spa', { displayName: 'SPA', redirectUris: ['https://app.contoso.com/'] });
    throwsWith(() => new ClientCertificate(stack, 'Cert', { client: spa, name: 'x', source: CertificateSource.fromPem(PEM) }), /cannot have a certificate credential/);
    assert.equal(CertificateSource.fromPem(PEM).encoding, CertificateEncoding.PEM);
  });
});
