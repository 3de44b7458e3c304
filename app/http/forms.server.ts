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

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [key, value] of formData) {
    if (typeof value === 'string') values[key] = value.slice(0, MAX_FIELD_LENGTH)
  }
  return values
}

function echo(values: Record<string, string>) {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !/password|token|website/i.test(key)))
}

export function parseForm<Schema extends z.ZodType>(
  schema: Schema,
  formData: FormData,
): { ok: true; data: z.output<Schema>; values: Record<string, string> } | { ok: false; failure: FormFailure } {
  const values = formValues(formData)
  const result = schema.safeParse(values)
  if (result.success) return { ok: true, data: result.data, values }
  const fieldErrors: Record<string, string> = {}
  for (const issue of result.error.issues) {
    const name = issue.path.map(String).join('.') || 'form'
    fieldErrors[name] ??= issue.message
  }
  return { ok: false, failure: { fieldErrors, values: echo(values) } }
}

export function formFailure(failure: FormFailure, values?: Record<string, string>, status = 400) {
  return data({ ...failure, values: values ? echo(values) : failure.values }, { status })
}

/** True when the honeypot field was filled: a bot. */
export function isBotSubmission(formData: FormData) {
  const value = formData.get('website')
  return typeof value === 'string' && value.trim() !== ''
}
