import { hash, verify } from '@node-rs/argon2'

// argon2id with OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane): about 25 ms here,
// cheap enough for sign-in, expensive for an attacker holding a stolen database.
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

// Verifying against this when the email is unknown keeps the response time the same as for a
// wrong password, so timing does not reveal which addresses have accounts.
let decoyHash: Promise<string> | undefined
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword('decoy password that never matches anything')
  await verifyPassword(await decoyHash, password)
  return false
}
