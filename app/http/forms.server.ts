import { data } from '@remix-run/node'
import type { z } from 'zod'
import type { FormFailure } from '~/ui/forms'

// Server half of the form convention (app/ui/forms.tsx): parse with the same Zod schema and
// answer 400 with the field errors and the typed values (passwords never echoed).

const MAX_FIELD_LENGTH = 10_000

export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    throw new Response('The form could not be read.', { status: 400 })
  }
}

export type FormValues = Record<string, string | string[]>

/** The form's text fields; a name sent several times (checkbox groups, multi-selects) gives a list. */
export function formValues(formData: FormData): FormValues {
  const values: FormValues = {}
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((value): value is string => typeof value === 'string')
    const trimmed = all.map((value) => value.slice(0, MAX_FIELD_LENGTH))
    if (trimmed.length === 1 && trimmed[0] !== undefined) values[key] = trimmed[0]
    else if (trimmed.length > 1) values[key] = trimmed
  }
  return values
}

function echo(values: FormValues) {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !/password|token|website/i.test(key)))
}

export function parseForm<Schema extends z.ZodType>(
  schema: Schema,
  formData: FormData,
): { ok: true; data: z.output<Schema>; values: FormValues } | { ok: false; failure: FormFailure } {
  const values = formValues(formData)
  const result = schema.safeParse(values)
  if (result.success) return { ok: true, data: result.data, values }
  const fieldErrors: Record<string, string> = {}
  for (const issue of result.error.issues) {
    // Forms are flat: an error deep in a list (reviewTiers.0) belongs to the field (reviewTiers).
    const name = issue.path.length > 0 ? String(issue.path[0]) : 'form'
    fieldErrors[name] ??= issue.message
  }
  return { ok: false, failure: { fieldErrors, values: echo(values) } }
}

export function formFailure(failure: FormFailure, values?: FormValues, status = 400) {
  return data({ ...failure, values: values ? echo(values) : failure.values }, { status })
}

/** True when the honeypot field was filled: a bot. */
export function isBotSubmission(formData: FormData) {
  const value = formData.get('website')
  return typeof value === 'string' && value.trim() !== ''
}
