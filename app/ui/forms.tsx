import { zodResolver } from '@hookform/resolvers/zod'
import { useSubmit } from '@remix-run/react'
import { useEffect, useMemo, useRef, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react'
import { useForm, type FieldErrors, type FieldValues, type Resolver } from 'react-hook-form'
import type { z } from 'zod'
import { useT } from '~/i18n/use-t'

// Forms validate in the browser with the same Zod schema the action uses (react-hook-form +
// zodResolver), and submit as ordinary HTML forms, so they also work with JavaScript off: the
// action validates again and returns the field errors with status 400.

/** What an action returns when validation fails (with status 400). */
export type FormFailure = {
  fieldErrors?: Partial<Record<string, string>>
  formError?: string
  formErrorVars?: Record<string, string | number>
  values?: Record<string, string | string[]>
}

function toRhfErrors(fieldErrors: FormFailure['fieldErrors']): FieldErrors | undefined {
  if (!fieldErrors) return undefined
  const entries = Object.entries(fieldErrors).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  if (entries.length === 0) return undefined
  return Object.fromEntries(entries.map(([name, message]) => [name, { type: 'server', message }]))
}

export function useValidatedForm<Schema extends z.ZodType<FieldValues, FieldValues>>(
  schema: Schema,
  { failure }: { failure?: FormFailure | null } = {},
) {
  const submit = useSubmit()
  // Field names come from the server as plain strings, so the form is typed loosely; the schema
  // still decides what is valid.
  const resolver = zodResolver(schema) as unknown as Resolver<FieldValues>
  // A new errors object on every render makes react-hook-form reset and re-render endlessly,
  // so the next action's result never shows: keep it stable while the failure is the same.
  const fieldErrors = failure?.fieldErrors
  const errors = useMemo(() => toRhfErrors(fieldErrors), [fieldErrors])
  const form = useForm<FieldValues>({
    resolver,
    mode: 'onTouched',
    errors,
    defaultValues: failure?.values,
  })
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget
    void form.handleSubmit(() => submit(element))(event)
  }
  /** The message (an i18n key) for a field, from the browser check or from the server. */
  const errorFor = (name: string): string | undefined => {
    const message = form.formState.errors[name]?.message
    return typeof message === 'string' ? message : failure?.fieldErrors?.[name]
  }
  const clientErrorCount = Object.keys(form.formState.errors).length
  /** What the form-level alert shows: the server's answer, or a summary of the browser's check. */
  const summary: FormFailure | null | undefined = failure?.formError || !clientErrorCount ? failure : { fieldErrors: { form: 'errors.summary' } }
  return { form, onSubmit, errorFor, register: form.register, summary }
}

type TextFieldProps = {
  name: string
  label: string
  hint?: ReactNode
  error?: string
  registration?: ReturnType<ReturnType<typeof useForm>['register']>
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>

/** A labelled USWDS text input with its hint and error message wired for screen readers. */
export function TextField({ name, label, hint, error, registration, id, className, ...input }: TextFieldProps) {
  const { tError } = useT()
  const inputId = id ?? `field-${name}`
  const message = tError(error)
  const describedBy = [hint ? `${inputId}-hint` : null, message ? `${inputId}-error` : null].filter(Boolean).join(' ')
  return (
    <div className={`usa-form-group${message ? ' usa-form-group--error' : ''}`}>
      <label className={`usa-label${message ? ' usa-label--error' : ''}`} htmlFor={inputId}>
        {label}
      </label>
      {hint ? (
        <div className="usa-hint" id={`${inputId}-hint`}>
          {hint}
        </div>
      ) : null}
      {message ? (
        <span className="usa-error-message" id={`${inputId}-error`}>
          {message}
        </span>
      ) : null}
      <input
        {...input}
        {...registration}
        name={name}
        id={inputId}
        className={`usa-input${message ? ' usa-input--error' : ''}${className ? ` ${className}` : ''}`}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
    </div>
  )
}

/** A form-level error (rate limit, expired link…), announced and focused when it appears. */
export function FormError({ failure }: { failure?: FormFailure | null }) {
  const { t, tError } = useT()
  const ref = useRef<HTMLDivElement>(null)
  const hasFieldErrors = Boolean(failure?.fieldErrors && Object.keys(failure.fieldErrors).length > 0)
  const message = failure?.formError
    ? failure.formErrorVars
      ? interpolate(tError(failure.formError) ?? '', failure.formErrorVars)
      : tError(failure.formError)
    : hasFieldErrors
      ? t('errors.summary')
      : undefined
  // A form-level problem (rate limit, expired link) gets focus so it is read first; field errors
  // leave focus on the first invalid field, where react-hook-form puts it.
  const focusAlert = Boolean(failure?.formError)
  useEffect(() => {
    if (message && focusAlert) ref.current?.focus()
  }, [message, focusAlert])
  if (!message) return null
  return (
    <div className="usa-alert usa-alert--error usa-alert--slim margin-bottom-3" role="alert" tabIndex={-1} ref={ref}>
      <div className="usa-alert__body">
        <p className="usa-alert__text">{message}</p>
      </div>
    </div>
  )
}

function interpolate(template: string, vars: Record<string, string | number>) {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (vars[name] === undefined ? match : String(vars[name])))
}

/**
 * A field people cannot see or reach, which bots fill in (product.md §10: honeypot on public
 * forms). The action rejects submissions where it has a value.
 */
export function Honeypot() {
  const { t } = useT()
  return (
    <div className="portal-honeypot" aria-hidden="true">
      <label htmlFor="field-website">{t('signup.honeypot')}</label>
      <input id="field-website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  )
}

export function Notice({ children, type = 'success' }: { children: ReactNode; type?: 'success' | 'info' | 'warning' }) {
  return (
    <div className={`usa-alert usa-alert--${type} usa-alert--slim margin-bottom-3`} role="status">
      <div className="usa-alert__body">
        <p className="usa-alert__text">{children}</p>
      </div>
    </div>
  )
}
