// `npm run emails:preview [-- --out DIR]`: render every email template with its sample data
// (emails/samples.ts) in English and Spanish, HTML and plain text, into DIR (./data/email-previews).
import fs from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { emailSamples } from '#emails/samples'
import { emailLanguages, emailTemplates, renderEmail, type EmailKind } from '#emails/templates'

const { values } = parseArgs({ options: { out: { type: 'string' } } })
const out = path.resolve(values.out ?? path.join('data', 'email-previews'))
await fs.mkdir(out, { recursive: true })

const kinds = Object.keys(emailTemplates) as EmailKind[]
for (const kind of kinds) {
  for (const language of emailLanguages) {
    // The sample for `kind` has that kind's props (emailSamples is keyed by kind).
    const { subject, html, text } = await renderEmail(kind, emailSamples[kind] as never, language)
    await fs.writeFile(path.join(out, `${kind}.${language}.html`), html)
    await fs.writeFile(path.join(out, `${kind}.${language}.txt`), `Subject: ${subject}\n\n${text}`)
  }
}
console.log(`Rendered ${kinds.length} templates × ${emailLanguages.length} languages into ${out}`)
