import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { canonicalJson } from '~/attestations/answers'
import { applicableSections } from '~/attestations/applicability'
import { parseTemplateContent } from '~/attestations/template'
import { answersAtReview, canonicalAnswers, changedItemIds, reviewItemComments } from './changes'
import { reviewMessages } from './messages'
import { parseQueueFilters, ReviewDecisionFormSchema } from './schemas'

const template = parseTemplateContent(
  JSON.parse(fs.readFileSync(path.resolve('templates', 'attestations', 'far-52.222-50-2026.1.json'), 'utf8')),
)
// One domestic janitorial contract, no plan required: sections A, B, D, E and F apply, C does not.
const applicability = applicableSections(template, {
  contracts: [
    {
      id: 'c1',
      agencyId: 'agency-1',
      startDate: '2026-02-01',
      estimatedValueCents: 120_000_000n,
      outsideUSValueCents: 0n,
      suppliesOrServicesOutsideUS: false,
      industries: ['janitorial'],
      providesHousing: false,
      usesLaborRecruiters: false,
      employsNonUSNationals: false,
      hasSubcontracts: false,
    },
  ],
  thresholds: [],
  highRiskIndustries: ['janitorial'],
})

describe('the decision form', () => {
  const parse = (values: Record<string, string>) => ReviewDecisionFormSchema.safeParse(values)

  test('maps the pressed button to the decision and keeps the non-empty comments, trimmed', () => {
    const result = parse({
      intent: 'request_changes',
      reason: ' ',
      comment__A1: '  Say when.  ',
      comment__B2: '',
      other: 'x',
    })
    expect(result.success && result.data).toEqual({
      decision: 'changes_requested',
      reason: undefined,
      itemComments: { A1: 'Say when.' },
    })
    expect(parse({ intent: 'approve' }).success && parse({ intent: 'approve' }).data).toMatchObject({
      decision: 'approved',
    })
  })

  test.each([
    ['no button', {}, 'intent', 'review.errors.chooseDecision'],
    ['an unknown button', { intent: 'delete' }, 'intent', 'review.errors.chooseDecision'],
    ['a rejection without a reason', { intent: 'reject', reason: '   ' }, 'reason', 'review.errors.reasonRequired'],
    [
      'changes with nothing to change',
      { intent: 'request_changes', comment__A1: ' ' },
      undefined,
      'review.errors.changesNeedComment',
    ],
    [
      'an over-long comment',
      { intent: 'request_changes', comment__A1: 'x'.repeat(2001) },
      'comment__A1',
      'errors.tooLong',
    ],
    ['an over-long reason', { intent: 'reject', reason: 'x'.repeat(2001) }, 'reason', 'errors.tooLong'],
  ])('refuses %s', (_name, values: Record<string, string>, field, message) => {
    const result = parse(values)
    expect(result.success).toBe(false)
    const issue = result.error?.issues[0]
    expect(issue?.message).toBe(message)
    expect(issue?.path[0]).toBe(field)
  })

  test('queue filters from the URL: known tiers only, the vendor trimmed', () => {
    expect(parseQueueFilters(new URLSearchParams('tier=high&vendor=%20Bayview%20'))).toEqual({
      tier: 'high',
      vendor: 'Bayview',
      sort: 'oldest',
    })
    expect(parseQueueFilters(new URLSearchParams('tier=extreme&vendor='))).toEqual({ sort: 'oldest' })
  })
})

describe('what changed since the previous submission', () => {
  const previous = { A1: { value: 'no', explanation: 'First.' }, A2: { value: 'yes' }, B1: { value: 'yes' } }

  test('answers or explanations that differ, in template order, among the items that apply', () => {
    const current = {
      A1: { value: 'no', explanation: 'Second.' },
      A2: { value: 'yes' },
      B1: { value: 'no', explanation: 'Not yet.' },
      // C-i does not apply to this contract: never reported.
      'C-i': { value: 'no', explanation: 'x' },
    }
    expect(changedItemIds(template, applicability, previous, current)).toEqual(['A1', 'B1'])
    // An answer that appears (the item did not apply before) is a change too.
    expect(changedItemIds(template, applicability, previous, { ...previous, A3: { value: 'yes' } })).toEqual(['A3'])
    expect(changedItemIds(template, applicability, current, current)).toEqual([])
  })

  test('reads the answers out of signed canonical content and of a decision audit event', () => {
    const content = canonicalJson({
      templateVersion: '2026.1',
      answers: previous,
      signedAt: '2026-03-01T00:00:00.000Z',
    })
    expect(canonicalAnswers(content)).toEqual(previous)
    expect(canonicalAnswers('not json')).toBeNull()
    expect(canonicalAnswers(null)).toBeNull()
    expect(answersAtReview({ reviewId: 'r1', answersAtReview: previous })).toEqual(previous)
    expect(answersAtReview({ reviewId: 'r1' })).toBeNull()
    expect(answersAtReview('nonsense')).toBeNull()
  })

  test('review comments are the string entries only', () => {
    expect(reviewItemComments({ A1: 'Say when.', B2: 3, C: null })).toEqual({ A1: 'Say when.' })
    expect(reviewItemComments(null)).toEqual({})
  })
})

test('every review message is translated, with the same placeholders', () => {
  for (const [key, english] of Object.entries(reviewMessages.en)) {
    const spanish: string = Reflect.get(reviewMessages.es, key)
    expect(spanish, key).not.toBe('')
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    expect(placeholders(spanish), key).toEqual(placeholders(english))
  }
})
