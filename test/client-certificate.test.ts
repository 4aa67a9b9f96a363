import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataAzurermKeyVaultCertificate } from '@cdktf/provider-azurerm/lib/data-azurerm-key-vault-certificate';
import { Lazy, Token } from 'cdktf';
import {
  AccessMap, CertificateEncoding, CertificateSource, ClientAppKind, ClientCertificateOptions, DaemonApp, ExistingRegistration, ProtectedApi, SpaApp, WebApp,
} from '../lib';
import { ClientCertificate } from '../lib/client-certificate';
import { makeStack, messageOf, resources, synth, throwsWith } from './util';
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

describe('ProtectedApi.addCertificate: an API that is also a confidential client', () => {
  const API: ExistingRegistration = {
    applicationObjectId: 'c85d75ae-767c-5a42-9f3f-f7bcd220c4d9',
    clientId: '9277da26-bd02-5993-a64d-74e5fdae3743',
    servicePrincipalObjectId: '537e152b-a899-5b19-a0c0-54f61b1c53ba',
  };

  it('writes the certificate to the API\'s own application, with its type, encoding and value', () => {
    const stack = makeStack();
    // Another registration in the stack: the certificate must name the API's application, not the first one found.
    new DaemonApp(stack, 'Daemon', { displayName: 'Orders Daemon' });
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
    const pem = api.addCertificate('pem', { source: CertificateSource.fromPem(PEM), endDate: '2036-01-01T00:00:00Z' });
    api.addCertificate('der', { source: CertificateSource.fromBase64Der(DER_BASE64) });
    api.addCertificate('hex', { source: CertificateSource.fromHexDer(DER_HEX) });
    const json = synth(stack);
    const byName = Object.fromEntries(Object.entries(resources(json, 'azuread_application_certificate'))
      .map(([id, c]: [string, any]) => [id.replace(/^Api_Certificate([a-z]+)_[0-9A-F]{8}$/, '$1'), c]));
    assert.deepEqual(Object.keys(byName).sort(), ['der', 'hex', 'pem'], Object.keys(byName).join());
    for (const c of Object.values(byName)) {
      assert.match(c.application_id, /^\$\{azuread_application\.Api_[0-9A-F]{8}\.id\}$/);
      assert.equal(c.type, 'AsymmetricX509Cert');
      assert.deepEqual(c.lifecycle, { create_before_destroy: true });
      assert.equal(c.key_id, undefined);
    }
    assert.equal(byName.pem.value, PEM);
    assert.equal(byName.pem.encoding, undefined, 'pem is the provider default');
    assert.equal(byName.pem.end_date, '2036-01-01T00:00:00Z');
    assert.equal(byName.der.value, DER_BASE64);
    assert.equal(byName.der.encoding, 'base64');
    assert.equal(byName.hex.value, DER_HEX);
    assert.equal(byName.hex.encoding, 'hex');
    assert.equal(pem.client, api);
    assert.equal(api.certificates.length, 3);
    assert.equal(api.certificates[0], pem);
    assert.equal(api.actsAsClient, true, 'a certificate makes the API a client');
    assert.equal(json.import, undefined);
    assert.deepEqual(providerRuleErrors(json), []);
  });

  it('lists the API among the clients of the access map once it holds a certificate', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
    const before = AccessMap.of(stack).toModel();
    assert.deepEqual(before.clients.map((c) => c.name), []);
    api.addCertificate('ci', { source: CertificateSource.fromPem(PEM) });
    const after = AccessMap.of(stack).toModel();
    assert.deepEqual(after.clients.map((c) => [c.name, c.clientType]), [['Orders API', ClientAppKind.WEB_API]]);
  });

  it('throws on a private key, naming the certificate\'s construct path under the API, and writes nothing', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
    throwsWith(() => api.addCertificate('k', { source: CertificateSource.fromPem(`${PEM}-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n`) }),
      /^\[test\/Api\/Certificate:k\] the certificate data contains a private key\. A certificate credential is only the public certificate/);
    assert.equal(synth(stack).resource.azuread_application_certificate, undefined);
  });

  it('adopts an existing certificate by its key id: an import block and ignore_changes, as for a client', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API', existing: API });
    const cert = api.addCertificate('old', { source: CertificateSource.fromPem(PEM), existingKeyId: KEY_ID.toUpperCase() });
    const json = synth(stack);
    const [c] = certificates(json);
    assert.equal(c.key_id, KEY_ID, 'written in the lower case Graph returns');
    assert.equal(cert.existingKeyId, KEY_ID.toUpperCase());
    assert.match(c.application_id, /^\$\{azuread_application\.Api_[0-9A-F]{8}\.id\}$/);
    assert.deepEqual(c.lifecycle, { ignore_changes: ['value', 'encoding', 'start_date', 'end_date'] });
    const imports = (json.import as { to: string; id: string }[]).filter((i) => i.to.startsWith('azuread_application_certificate.'));
    assert.deepEqual(imports, [{ to: `azuread_application_certificate.${Object.keys(resources(json, 'azuread_application_certificate'))[0]}`,
      id: `${API.applicationObjectId}/certificate/${KEY_ID}` }]);
    assert.deepEqual(providerRuleErrors(json), []);

    // The same lifecycle as a client's adopted certificate: one implementation, not a copy.
    const clientStack = makeStack();
    const daemon = new DaemonApp(clientStack, 'Daemon', { displayName: 'Orders Daemon', existing: CLIENT });
    daemon.addCertificate('old', { source: CertificateSource.fromPem(PEM), existingKeyId: KEY_ID });
    const [d] = certificates(synth(clientStack));
    const { application_id: _a, ...apiRest } = c;
    const { application_id: _d, ...clientRest } = d;
    assert.deepEqual(apiRest, clientRest);
  });

  it('throws on adoption by an API that is not adopted, a bad key id, and a key id adopted twice', () => {
    const created = new ProtectedApi(makeStack(), 'Api', { displayName: 'Orders API' });
    throwsWith(() => created.addCertificate('old', { source: CertificateSource.fromPem(PEM), existingKeyId: KEY_ID }),
      /\[test\/Api\/Certificate:old\] adopts certificate 'old', but Orders API .* is not an existing registration/);
    const adopted = new ProtectedApi(makeStack(), 'Api', { displayName: 'Orders API', existing: API });
    throwsWith(() => adopted.addCertificate('bad', { source: CertificateSource.fromPem(PEM), existingKeyId: 'old-cert' }),
      /existingKeyId 'old-cert' is not a GUID/);
    adopted.addCertificate('old', { source: CertificateSource.fromPem(PEM), existingKeyId: KEY_ID });
    throwsWith(() => adopted.addCertificate('again', { source: CertificateSource.fromPem(PEM), existingKeyId: KEY_ID.toUpperCase() }),
      /^\[test\/Api\] certificate 'again' adopts key id .*, which another certificate of this registration adopts already; adopt each credential once\.$/);
    throwsWith(() => adopted.addCertificate('old', { source: CertificateSource.fromPem(PEM) }), /^\[test\/Api\] already has a certificate named 'old'/);
  });

  it('gives the API the same message a client gets for the same bad input', () => {
    const bad: [string, ClientCertificateOptions][] = [
      ['private key', { source: CertificateSource.fromPem(`${PEM}-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n`) }],
      ['DER as PEM', { source: CertificateSource.fromPem(DER_BASE64) }],
      ['PEM as base64', { source: CertificateSource.fromBase64Der(PEM) }],
      ['bad base64', { source: CertificateSource.fromBase64Der('abc') }],
      ['odd hex', { source: CertificateSource.fromHexDer('30820') }],
      ['date', { source: CertificateSource.fromPem(PEM), endDate: '2027-01-01' }],
      ['dates in order', { source: CertificateSource.fromPem(PEM), startDate: '2027-01-01T00:00:00Z', endDate: '2026-01-01T00:00:00Z' }],
      ['key id token', { source: CertificateSource.fromPem(PEM), existingKeyId: Token.asString(Lazy.stringValue({ produce: () => KEY_ID })) }],
    ];
    for (const [what, options] of bad) {
      const viaApi = messageOf(() => new ProtectedApi(makeStack(), 'Reg', { displayName: 'Reg', existing: API }).addCertificate('k', options));
      const viaWeb = messageOf(() => new WebApp(makeStack(), 'Reg', { displayName: 'Reg', redirectUris: ['https://portal.contoso.com/signin-oidc'], existing: CLIENT })
        .addCertificate('k', options));
      assert.match(viaApi, /^\[test\/Reg\/Certificate:k\] /, what);
      assert.equal(viaApi, viaWeb, what);
    }
    const name = messageOf(() => new ProtectedApi(makeStack(), 'Reg', { displayName: 'Reg' }).addCertificate('', { source: CertificateSource.fromPem(PEM) }));
    assert.equal(name, messageOf(() => new DaemonApp(makeStack(), 'Reg', { displayName: 'Reg' }).addCertificate('', { source: CertificateSource.fromPem(PEM) })));
    assert.match(name, /^\[test\/Reg\/Certificate:\] certificate name is empty/);
  });
});
