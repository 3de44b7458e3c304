import { describe, expect, it } from 'vitest'
import {
  CROCKFORD_ALPHABET,
  crockfordCheckSymbol,
  isValidCertificateNumber,
  newCertificateNumber,
  normalizeCertificateNumber,
} from './number'

describe('certificate numbers', () => {
  it('have the form XXXXX-XXXXX-C with a valid check symbol', () => {
    for (let i = 0; i < 200; i++) {
      const number = newCertificateNumber()
      expect(number).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z*~$=U]$/)
      expect(isValidCertificateNumber(number)).toBe(true)
    }
  })

  it('computes the mod-37 check symbol', () => {
    expect(crockfordCheckSymbol('0000000000')).toBe('0')
    expect(crockfordCheckSymbol('0000000001')).toBe('1')
    // 37 = 1*32 + 5 → remainder 0; 36 = 1*32 + 4 → 'U'; 32 = '10' → 32 → '*'.
    expect(crockfordCheckSymbol('0000000015')).toBe('0')
    expect(crockfordCheckSymbol('0000000014')).toBe('U')
    expect(crockfordCheckSymbol('0000000010')).toBe('*')
  })

  it('detects every single-character typo', () => {
    for (let n = 0; n < 50; n++) {
      const number = newCertificateNumber()
      const payloadPositions = [0, 1, 2, 3, 4, 6, 7, 8, 9, 10]
      for (const position of payloadPositions) {
        for (const replacement of CROCKFORD_ALPHABET) {
          if (replacement === number[position]) continue
          const typo = number.slice(0, position) + replacement + number.slice(position + 1)
          expect(isValidCertificateNumber(typo), typo).toBe(false)
        }
      }
    }
  })

  it('detects a swap of two adjacent different characters', () => {
    const number = newCertificateNumber()
    const payload = number.slice(0, 5) + number.slice(6, 11)
    for (let i = 0; i < payload.length - 1; i++) {
      if (payload[i] === payload[i + 1]) continue
      const swapped = payload.slice(0, i) + payload[i + 1] + payload[i] + payload.slice(i + 2)
      expect(isValidCertificateNumber(swapped + number.slice(12))).toBe(false)
    }
  })

  it('normalizes case, dashes, spaces and the ambiguous letters', () => {
    expect(normalizeCertificateNumber('abcde-fghjk-m')).toBe('ABCDE-FGHJK-M')
    expect(normalizeCertificateNumber('ABCDEFGHJKM')).toBe('ABCDE-FGHJK-M')
    expect(normalizeCertificateNumber('  abcde fghjk m ')).toBe('ABCDE-FGHJK-M')
    expect(normalizeCertificateNumber('iLo00-11111-1')).toBe('11000-11111-1')
    expect(normalizeCertificateNumber('ABCDE-FGHJK-*')).toBe('ABCDE-FGHJK-*')
    expect(normalizeCertificateNumber('ABCDE-FGHJK-u')).toBe('ABCDE-FGHJK-U')
    // Too short, too long, U in the payload, foreign characters.
    expect(normalizeCertificateNumber('ABCDE-FGHJK')).toBeNull()
    expect(normalizeCertificateNumber('ABCDE-FGHJK-MM')).toBeNull()
    expect(normalizeCertificateNumber('UBCDE-FGHJK-M')).toBeNull()
    expect(normalizeCertificateNumber('ABCDE-FGHJK-#')).toBeNull()
    expect(normalizeCertificateNumber('')).toBeNull()
  })

  it('accepts a number typed loosely', () => {
    const number = newCertificateNumber()
    const loose = number.replace(/-/g, '').toLowerCase().replace(/1/g, 'l').replace(/0/g, 'o')
    expect(isValidCertificateNumber(loose)).toBe(true)
    expect(normalizeCertificateNumber(loose)).toBe(number)
  })

  it('does not repeat over 10,000 numbers', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 10_000; i++) seen.add(newCertificateNumber())
    expect(seen.size).toBe(10_000)
  })
})
