/** Salted hashes for sealed keys: SHA-256 (@noble/hashes, the same bytes in Node and the browser). */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Hex digits kept of each hash: 128 bits, far beyond any guessing but trying the options. */
export const SEAL_HASH_HEX = 32;

export function saltedHash(salt: string, value: string): string {
  return bytesToHex(sha256(utf8ToBytes(`${salt}\u0000${value}`))).slice(0, SEAL_HASH_HEX);
}

/** A salt per part, derived from the quiz, the part and its seed, so sealing twice gives the same bytes. */
export function partSalt(quizId: string, key: string, seed: number): string {
  return saltedHash('quizgrade-seal', `${quizId}\u0000${key}\u0000${seed}`);
}
