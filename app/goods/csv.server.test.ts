import { Readable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { parseGoodsCsv } from './csv.server'

const csv = (text: string) => Readable.from([Buffer.from(text)])

describe('parseGoodsCsv', () => {
  test('a TVPRA file: flags read, DOL spellings mapped, extra columns ignored, a BOM tolerated', async () => {
    const result = await parseGoodsCsv(csv('\uFEFFcountry,good,child_labor,forced_labor,forced_child_labor,source\n"Congo, Democratic Republic of the",Cobalt ore (heterogenite),true,false,false,x\nBurma,Jade,TRUE,yes,0,x\n'), 'tvpra')
    expect(result).toEqual({
      ok: true,
      rows: [
        { countryCode: 'CD', countryName: 'Congo, Democratic Republic of the', good: 'Cobalt ore (heterogenite)', goodKey: 'cobalt ore (heterogenite)', childLabor: true, forcedLabor: false, forcedChildLabor: false },
        { countryCode: 'MM', countryName: 'Burma', good: 'Jade', goodKey: 'jade', childLabor: true, forcedLabor: true, forcedChildLabor: false },
      ],
    })
  })

  test('an EO 13126 file: every row is forced or indentured child labor; typos kept, codes mapped', async () => {
    const result = await parseGoodsCsv(csv('country,product\nBoliva,Sugarcane\nTajikstan,Cotton\n'), 'eo13126')
    expect(result.ok && result.rows.map((r) => [r.countryName, r.countryCode, r.forcedChildLabor])).toEqual([
      ['Boliva', 'BO', true],
      ['Tajikstan', 'TJ', true],
    ])
  })

  test('an empty file, a header without rows and broken quoting are reported', async () => {
    expect(await parseGoodsCsv(csv(''), 'eo13126')).toEqual({ ok: false, problems: [{ line: null, message: 'the file is empty' }] })
    expect(await parseGoodsCsv(csv('country,product\n'), 'eo13126')).toEqual({ ok: false, problems: [{ line: null, message: 'the file has a header but no rows' }] })
    const broken = await parseGoodsCsv(csv('country,product\n"Ghana,Cocoa\n'), 'eo13126')
    expect(broken.ok).toBe(false)
    expect(!broken.ok && broken.problems[0]?.message).toMatch(/not valid CSV/)
  })

  test('a long report is capped with a count of the rest', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => `Atlantis ${i},Bricks`).join('\n')
    const result = await parseGoodsCsv(csv(`country,product\n${rows}\n`), 'eo13126')
    expect(!result.ok && result.problems.length).toBe(101)
    expect(!result.ok && result.problems.at(-1)?.message).toBe('and 50 more problems')
  })
})
