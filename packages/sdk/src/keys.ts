/**
 * Key material kept beside the store: the Ed25519 checkpoint key (from a configured PEM file, else
 * generated once, 0600) and the HMAC key used for pseudonyms. Never logged.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, hash, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { CHECKPOINT_KEY_FILE, CHECKPOINT_PUBLIC_KEY_FILE, PSEUDONYM_KEY_FILE } from './store/format.js';
import { writeSynced } from './store/side-file.js';

export interface CheckpointKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** `sha256:<hex>` of the SubjectPublicKeyInfo DER. */
  keyId: string;
  /** base64 SubjectPublicKeyInfo DER. */
  publicKeyDer: string;
}

export function describePublicKey(publicKey: KeyObject): { keyId: string; publicKeyDer: string; pem: string } {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    keyId: 'sha256:' + hash('sha256', der, 'hex'),
    publicKeyDer: der.toString('base64'),
    pem: String(publicKey.export({ type: 'spki', format: 'pem' })),
  };
}

/** Ed25519 signature of `bytes` (a string is signed as UTF-8), standard base64. */
export function signEd25519(bytes: Buffer | string, privateKey: KeyObject): string {
  return sign(null, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, privateKey).toString('base64');
}

/** True when `signature` (base64) is an Ed25519 signature of `bytes` by `publicKey`; false for anything malformed. */
export function verifyEd25519(bytes: Buffer, signature: unknown, publicKey: KeyObject): boolean {
  if (typeof signature !== 'string') return false;
  try {
    return verify(null, bytes, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

function writeSecret(file: string, data: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeSynced(file, 'wx', data);
}

/** A key that lives only in this process: used when the store folder cannot hold one (reported). */
export function ephemeralCheckpointKey(): CheckpointKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const d = describePublicKey(publicKey);
  return { privateKey, publicKey, keyId: d.keyId, publicKeyDer: d.publicKeyDer };
}

/** Loads the checkpoint signing key: `keyFile` if given, else `<dir>/checkpoint-ed25519.pem`, generated on first use. */
export function loadCheckpointKey(dir: string, keyFile?: string): CheckpointKey {
  const file = keyFile ?? path.join(dir, CHECKPOINT_KEY_FILE);
  let privateKey: KeyObject;
  if (fs.existsSync(file) || keyFile !== undefined) {
    privateKey = createPrivateKey(fs.readFileSync(file));
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`checkpoint key ${file} is ${privateKey.asymmetricKeyType}, expected ed25519`);
  } else {
    const pair = generateKeyPairSync('ed25519');
    privateKey = pair.privateKey;
    try {
      writeSecret(file, String(privateKey.export({ type: 'pkcs8', format: 'pem' })));
    } catch (e) {
      // Another process created it first: use theirs, so one store has one key.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      privateKey = createPrivateKey(fs.readFileSync(file));
    }
  }
  const publicKey = createPublicKey(privateKey);
  const d = describePublicKey(publicKey);
  const pubFile = path.join(dir, CHECKPOINT_PUBLIC_KEY_FILE);
  if (keyFile === undefined && !fs.existsSync(pubFile)) {
    try {
      fs.writeFileSync(pubFile, d.pem, { mode: 0o644, flag: 'wx' });
    } catch {
      /* present already */
    }
  }
  return { privateKey, publicKey, keyId: d.keyId, publicKeyDer: d.publicKeyDer };
}

/** The trusted public key of a store: `--key` file (public or private PEM), else the one beside the store. */
export function loadTrustedPublicKey(dir: string, file?: string): KeyObject | undefined {
  const f = file ?? path.join(dir, CHECKPOINT_PUBLIC_KEY_FILE);
  if (!fs.existsSync(f)) return undefined;
  const pem = fs.readFileSync(f);
  return pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
}

/** A base64 secret key from `file`; generated (32 random bytes, 0600) when `create` and the file is absent. */
export function loadSecretKey(file: string, create: boolean, what: string): Buffer {
  if (create && !fs.existsSync(file)) {
    try {
      writeSecret(file, randomBytes(32).toString('base64') + '\n');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const k = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (k.length < 16) throw new Error(`${what} ${file} must hold at least 16 bytes, base64`);
  return k;
}

/** The HMAC key for pseudonyms: AUDITEL_HMAC_KEY (base64), a configured file, else `<dir>/pseudonym.key`, generated once. */
export function loadPseudonymKey(dir: string, keyFile?: string, keyBase64?: string): Buffer {
  if (keyBase64) {
    const k = Buffer.from(keyBase64, 'base64');
    if (k.length < 16) throw new Error('the pseudonym HMAC key must be at least 16 bytes (base64)');
    return k;
  }
  return loadSecretKey(keyFile ?? path.join(dir, PSEUDONYM_KEY_FILE), keyFile === undefined, 'pseudonym key');
}
