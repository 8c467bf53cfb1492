import { webcrypto } from 'node:crypto';
// @peculiar/x509 (through tsyringe) needs the Reflect metadata polyfill loaded first, as its README says.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

/** A certificate and key in PEM, as `node:https` takes them. */
export interface TlsCredentials {
  /** The server certificate (and any intermediates), PEM. */
  readonly cert: string;
  /** The server's private key, PEM (PKCS #8). */
  readonly key: string;
  /** The CA that signed {@link cert}, PEM, when the mock made it; clients trust it via `NODE_EXTRA_CA_CERTS` or `ca`. */
  readonly ca?: string;
}

const crypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(crypto);

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const dayMs = 24 * 60 * 60 * 1000;

/** The names the mock's certificate is valid for: every way to say "this machine". */
export const loopbackNames = ['localhost', '127.0.0.1', '::1'] as const;

function serial(): string {
  // A positive 16-byte serial number (RFC 5280 §4.1.2.2): clear the top bit.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

function pemKey(der: ArrayBuffer): string {
  const base64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n');
  return `-----BEGIN PRIVATE KEY-----\n${base64.replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
}

/**
 * Makes a throw-away CA and a server certificate it signs for localhost, 127.0.0.1 and ::1 (EC P-256 keys, valid from
 * an hour ago for 7 days). The CA's private key is dropped: nothing else can ever be signed with it.
 */
export async function createLoopbackCertificate(
  names: readonly string[] = loopbackNames,
): Promise<Required<TlsCredentials>> {
  const [caKeys, serverKeys] = await Promise.all([
    crypto.subtle.generateKey(ecdsa, false, ['sign', 'verify']),
    crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify']),
  ]);
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + 7 * dayMs);
  const caName = `CN=graph-incidents mock CA ${serial().slice(0, 8)}, O=graph-incidents (throw-away, test only)`;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: caName,
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ecdsa,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const isAddress = (name: string) => /^[\d.]+$/.test(name) || name.includes(':');
  const server = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=localhost',
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ecdsa,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension(
        names.map((name) => ({ type: isAddress(name) ? ('ip' as const) : ('dns' as const), value: name })),
        false,
      ),
      await x509.AuthorityKeyIdentifierExtension.create(ca, false),
      await x509.SubjectKeyIdentifierExtension.create(serverKeys.publicKey),
    ],
  });
  const key = pemKey(await crypto.subtle.exportKey('pkcs8', serverKeys.privateKey));
  return { cert: server.toString('pem') + '\n', key, ca: ca.toString('pem') + '\n' };
}
