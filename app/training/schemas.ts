import { z } from 'zod'
import { isoDay, parseIsoDay } from './dates'
import { canonicalLanguageTag } from './language'

// Forms of the training tracker (product.md §7), shared by the browser and the actions.
// A worker is identified by the employer's own reference only: no SSN, date of birth or
// immigration data is ever asked for (product.md §3).

const text = (max: number) => z.preprocess((value) => (typeof value === 'string' ? value.trim() : ''), z.string().max(max, { error: 'errors.tooLong' }))
const requiredText = (max: number) => text(max).pipe(z.string().min(1, { error: 'errors.required' }))
const optionalLanguage = text(35).refine((value) => value === '' || canonicalLanguageTag(value) !== null, { error: 'training.errors.language' })

export const WorkerSchema = z.object({
  intent: z.enum(['addWorker', 'updateWorker']),
  workerRef: requiredText(64).refine((value) => [...value].every((c) => c >= ' '), { error: 'errors.invalid' }),
  displayName: text(200),
  preferredLanguage: optionalLanguage,
})

export const WorkerActiveSchema = z.object({
  intent: z.enum(['deactivateWorker', 'reactivateWorker']),
})

/** Today as YYYY-MM-DD: no training is completed in the future. */
const today = () => isoDay(new Date())

export const TrainingRecordSchema = z.object({
  intent: z.enum(['addRecord', 'updateRecord']),
  recordId: text(64),
  moduleId: requiredText(64),
  completedOn: requiredText(10)
    .refine((value) => parseIsoDay(value) !== null, { error: 'training.errors.date' })
    .refine((value) => value <= today(), { error: 'training.errors.dateFuture' }),
  language: requiredText(35).refine((value) => canonicalLanguageTag(value) !== null, { error: 'training.errors.language' }),
  deliveredBy: requiredText(200),
  hours: text(10)
    .refine((value) => !value.startsWith('-'), { error: 'training.errors.hoursNegative' })
    .refine((value) => value === '' || value.startsWith('-') || /^\d{1,3}(\.\d{1,2})?$/.test(value), { error: 'training.errors.hours' }),
})

export const DeleteRecordSchema = z.object({
  intent: z.literal('deleteRecord'),
  recordId: requiredText(64),
})

export const HeadcountSchema = z.object({
  intent: z.literal('headcount'),
  declaredHeadcount: text(9).refine((value) => value === '' || /^\d{1,7}$/.test(value), { error: 'training.errors.headcount' }),
})
