import { describe, expect, test } from 'vitest'
import { MAX_FILE_NAME_LENGTH, contentDisposition, sanitizeFileName } from './file-names'

describe('sanitizeFileName', () => {
  test.each([
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['..\\..\\Windows\\win.ini.pdf', 'win.ini.pdf'],
    ['C:\\Users\\ana\\Plan 2026.pdf', 'Plan 2026.pdf'],
    ['C:plan.pdf', 'plan.pdf'],
    ['/var/www/.htaccess', 'htaccess'],
    ['..', 'document'],
    ['', 'document'],
    ['plan\r\nX-Evil: 1.pdf', 'planX-Evil_ 1.pdf'],
    ['plan\u0000.pdf', 'plan.pdf'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['a"b<c>|d?.pdf', 'a_b_c__d_.pdf'],
    ['  spaced   out .pdf  ', 'spaced out .pdf'],
    ['Plan de cumplimiento — año 2026.pdf', 'Plan de cumplimiento — año 2026.pdf'],
    ['計画書.docx', '計画書.docx'],
    ['trailing dots...', 'trailing dots'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected)
  })

  test('long names are shortened to 200 characters, keeping the extension', () => {
    const name = `${'ñ'.repeat(300)}.pdf`
    const clean = sanitizeFileName(name)
    expect(Array.from(clean)).toHaveLength(MAX_FILE_NAME_LENGTH)
    expect(clean.endsWith('ñ.pdf')).toBe(true)
  })

  test('the fallback can carry an extension', () => {
    expect(sanitizeFileName('///', 'document.pdf')).toBe('document.pdf')
  })
})

describe('contentDisposition', () => {
  test('plain names are quoted and repeated as UTF-8', () => {
    expect(contentDisposition('plan.pdf')).toBe(`attachment; filename="plan.pdf"; filename*=UTF-8''plan.pdf`)
    expect(contentDisposition('plan.pdf', 'inline')).toBe(`inline; filename="plan.pdf"; filename*=UTF-8''plan.pdf`)
  })

  test('non-ASCII names get an ASCII fallback and an exact percent-encoded name', () => {
    expect(contentDisposition('Año 2026 (final).pdf')).toBe(
      `attachment; filename="Ano 2026 (final).pdf"; filename*=UTF-8''A%C3%B1o%202026%20%28final%29.pdf`,
    )
    expect(contentDisposition('計画.pdf')).toBe(`attachment; filename="__.pdf"; filename*=UTF-8''%E8%A8%88%E7%94%BB.pdf`)
  })

  test('quotes, backslashes, percent signs and line breaks cannot break out of the header', () => {
    const header = contentDisposition('a"; filename="evil.html\r\nSet-Cookie: x=1\\%41.pdf')
    expect(header).not.toMatch(/[\r\n]/)
    // Exactly the two quotes around the ASCII name.
    expect(header.match(/"/g)).toHaveLength(2)
    expect(header).toMatch(/^attachment; filename="[^"\\%]*"; filename\*=UTF-8''[A-Za-z0-9%._~!$&+\-^`|]*$/)
  })
})
