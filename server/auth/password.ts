import { hash, verify } from '@node-rs/argon2';

// The library's default algorithm is argon2id; these are OWASP's recommended minimum parameters (19 MiB, 2 iterations).
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against a real hash when the user does not exist keeps the timing equal.
let dummyHash: Promise<string> | undefined;
export function dummyVerify(password: string): Promise<boolean> {
  dummyHash ??= hashPassword('ingen-bruker-har-dette-passordet');
  return dummyHash.then((h) => verifyPassword(h, password)).then(() => false);
}
