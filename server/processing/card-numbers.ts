import { randomBytes, randomInt } from 'node:crypto';

/** The Luhn check digit of a digit string (the number without its last digit). */
export function luhnCheckDigit(partial: string): number {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = partial.charCodeAt(partial.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isLuhnValid(number: string): boolean {
  return /^[0-9]{2,}$/.test(number) && luhnCheckDigit(number.slice(0, -1)) === Number(number.slice(-1));
}

export interface IssuedCardNumber {
  /** first 6 + ****** + last 4 */
  maskedPan: string;
  last4: string;
  /** a random reference to the number held by the card processor; never derived from the number */
  panToken: string;
}

/**
 * A new card number: product BIN (6) + 9 random digits + Luhn digit. It exists only inside this
 * function: what leaves is the masked form and a random token. The full number is never stored,
 * logged or answered (the issuer's card processor would receive it through its own channel).
 */
export function issueCardNumber(bin: string): IssuedCardNumber {
  if (!/^[0-9]{6}$/.test(bin)) throw new Error('issueCardNumber: BIN must be 6 digits');
  let body = bin;
  for (let i = 0; i < 9; i++) body += String(randomInt(0, 10));
  const last4 = body.slice(-3) + String(luhnCheckDigit(body));
  return { maskedPan: `${bin}******${last4}`, last4, panToken: `tok_${randomBytes(18).toString('base64url')}` };
}
