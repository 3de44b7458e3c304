import { z } from 'zod'
import { EmailSchema, UeiSchema } from '~/auth/schemas'
import { checkDeclaredGoods, declaredGoodRows, toDeclaredGoods, type DeclaredGoodRow } from '~/goods/declaration'
import { parseUsdToCents } from './money'
import { isForeignCountryCode, isUsState } from './places'

// One schema for the contract form, in the browser and in the action (docs/decisions/004).
// Messages are i18n keys.

/** Checkbox groups and multi-selects arrive as nothing, one string or several. */
const stringList = z.preprocess(
  (value) => (value === undefined || value === null || value === false || value === '' ? [] : Array.isArray(value) ? value : [value]),
  z.array(z.string().max(100)).max(100),
)

/** A text field: absent (not sent at all) is the same as empty. */
const text = () => z.preprocess((value) => value ?? '', z.string({ error: 'errors.invalid' }))

const required = (max: number) =>
  z.preprocess((value) => value ?? '', z.string({ error: 'errors.invalid' }).trim().min(1, { error: 'errors.required' }).max(max, { error: 'errors.tooLong' }))

const checkbox = z.preprocess((value) => value === true || value === 'on' || value === 'true', z.boolean())

const usd = (isRequired: boolean) =>
  text()
    .pipe(z.string().trim().max(30, { error: 'errors.tooLong' }))
    .transform((value, ctx) => {
      if (value === '') {
        if (isRequired) ctx.addIssue({ code: 'custom', message: 'errors.required' })
        return 0n
      }
      const cents = parseUsdToCents(value)
      if (cents === undefined) {
        ctx.addIssue({ code: 'custom', message: 'contracts.errors.amount' })
        return 0n
      }
      return cents
    })

const isoDate = required(10).pipe(
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'contracts.errors.date' })
    .refine((value) => {
      const date = new Date(`${value}T00:00:00Z`)
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
    }, { error: 'contracts.errors.date' }),
)

// OCDS identifiers: "ocds-" + a 6-character publisher prefix + "-" + the publisher's own id.
const OCID = /^ocds-[a-z0-9]{6}-[A-Za-z0-9._/-]{1,120}$/

// The declared goods arrive as flat repeated fields (app/goods/declaration.ts); they are
// gathered into `goods` before the object is checked.
const withDeclaredGoods = (values: Record<string, unknown>) =>
  values && typeof values === 'object' ? { ...values, goods: declaredGoodRows(values) } : values

export const ContractFactsSchema = z.preprocess(withDeclaredGoods, z
  .object({
    number: required(60),
    title: required(200),
    estimatedValue: usd(true),
    outsideUSValue: usd(false),
    startDate: isoDate,
    endDate: isoDate,
    usStates: stringList.refine((codes) => codes.every(isUsState), { error: 'errors.invalid' }),
    otherCountries: text().pipe(
      z
        .string()
        .trim()
        .max(300, { error: 'errors.tooLong' })
        .transform((value) => value.toUpperCase().split(/[\s,;]+/).filter(Boolean))
        .refine((codes) => codes.every(isForeignCountryCode), { error: 'contracts.errors.country' }),
    ),
    industries: stringList,
    naicsCodes: text().pipe(
      z
        .string()
        .trim()
        .max(200, { error: 'errors.tooLong' })
        .transform((value) => value.split(/[\s,;]+/).filter(Boolean))
        .refine((codes) => codes.every((code) => /^\d{2,6}$/.test(code)), { error: 'contracts.errors.naics' }),
    ),
    suppliesOrServicesOutsideUS: checkbox,
    usesLaborRecruiters: checkbox,
    employsNonUSNationals: checkbox,
    providesHousing: checkbox,
    ocid: text().pipe(
      z
        .string()
        .trim()
        .max(160, { error: 'errors.tooLong' })
        .refine((value) => value === '' || OCID.test(value), { error: 'contracts.errors.ocid' }),
    ),
    goods: z.custom<DeclaredGoodRow[]>((value) => Array.isArray(value)),
  })
  .superRefine((contract, ctx) => {
    if (contract.startDate && contract.endDate && contract.endDate < contract.startDate) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'contracts.errors.endBeforeStart' })
    }
    if (contract.usStates.length === 0 && contract.otherCountries.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['usStates'], message: 'contracts.errors.placeRequired' })
    }
    // FAR 52.222-50(h)(1) turns on the value performed outside the US: it cannot exceed the whole.
    if (contract.outsideUSValue > contract.estimatedValue) {
      ctx.addIssue({ code: 'custom', path: ['outsideUSValue'], message: 'contracts.errors.outsideExceedsTotal' })
    }
    if ((contract.otherCountries.length > 0 || contract.outsideUSValue > 0n) && !contract.suppliesOrServicesOutsideUS) {
      ctx.addIssue({ code: 'custom', path: ['suppliesOrServicesOutsideUS'], message: 'contracts.errors.outsideUsInconsistent' })
    }
    checkDeclaredGoods(contract.goods, ctx)
  })
  .transform(({ goods, ...contract }) => ({ ...contract, goods: toDeclaredGoods(goods) })))

/** A vendor registers a contract it holds or bids on. */
export const VendorContractSchema = z.object({ agencyId: required(40) }).and(ContractFactsSchema)

/** An agency creates a contract and invites its prime vendor by email. */
export const AgencyContractSchema = z
  .object({
    vendorEmail: EmailSchema,
    vendorUei: z.union([z.literal('').transform(() => undefined), UeiSchema]).optional(),
  })
  .and(ContractFactsSchema)

export type ContractFacts = z.output<typeof ContractFactsSchema>
