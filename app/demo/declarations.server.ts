import { answersSchemaFor } from '~/attestations/answers'
import { applicableSteps } from '~/attestations/applicability'
import { loadAttestation, saveStep, startAttestation, submitAttestation } from '~/attestations/attestations.server'
import { isAnswerable, type TemplateItem } from '~/attestations/template'
import type { Database } from '~/db/db.server'
import { decideReview } from '~/review/review.server'

// Declarations made the way a person makes them (start, answer every step, sign, submit), for
// the demo data and for tests: both go through the same domain functions as the pages.

/**
 * Form values for one step: every question answered in the compliant way ("yes", the option that
 * is not negative, the certification ticked), except the items in `no`, answered "no" with the
 * given explanation.
 */
export function compliantStepValues(items: readonly TemplateItem[], no: Readonly<Record<string, string>> = {}) {
  const values: Record<string, string> = {}
  for (const item of items.filter(isAnswerable)) {
    const explanation = no[item.id]
    if (explanation !== undefined) {
      values[item.id] = 'no'
      values[`${item.id}__explanation`] = explanation
    } else if (item.answer.type === 'yes_no') values[item.id] = 'yes'
    else if (item.answer.type === 'choice') values[item.id] = item.answer.options.find((option) => !option.negative)?.value ?? ''
    else if (item.answer.type === 'acknowledgement') values[item.id] = 'on'
    else if (item.answer.type === 'text') values[item.id] = 'Not applicable'
  }
  return values
}

/** Start a declaration for `contractIds`, answer every applicable step and submit it as `signer`. */
export async function makeDeclaration(
  client: Database,
  {
    organizationId,
    contractIds,
    subcontractId,
    signer,
    no = {},
    ip = '192.0.2.1',
    now = new Date(),
  }: {
    organizationId: string
    contractIds: string[]
    /** A subcontractor's declaration for its subcontract (contractIds is then ignored). */
    subcontractId?: string
    signer: { id: string; name: string; title: string }
    no?: Readonly<Record<string, string>>
    ip?: string
    now?: Date
  },
) {
  const started = await startAttestation({ organizationId, actorUserId: signer.id, contractIds, subcontractId }, client)
  if (!started.ok) throw new Error(`Could not start the declaration: ${started.formError}`)
  const context = await loadAttestation(started.attestationId, { organizationId }, client)
  if (!context) throw new Error('The declaration just started was not found')
  for (const [index, section] of applicableSteps(context.template, context.applicability).entries()) {
    const values = compliantStepValues(section.items, no)
    if (section.signing) Object.assign(values, { signerName: signer.name, signerTitle: signer.title })
    const step = answersSchemaFor(context.template, context.applicability, section.id).parse(values)
    const saved = await saveStep(
      { attestationId: started.attestationId, organizationId, actorUserId: signer.id, sectionId: section.id, stepAnswers: step.answers, currentStep: index + 1, signer: step.signer },
      client,
    )
    if (!saved.ok) throw new Error(`Could not save step ${section.id}: ${saved.formError}`)
  }
  const submitted = await submitAttestation(
    { attestationId: started.attestationId, organizationId, signer: { userId: signer.id, name: signer.name, title: signer.title }, ip, now },
    client,
  )
  if (!submitted.ok) throw new Error(`Could not submit the declaration: ${submitted.formError}`)
  return { attestationId: started.attestationId, status: submitted.status, tier: submitted.risk.tier }
}

/**
 * The demo's declarations: Sunrise Janitorial's declaration for its transit cleaning contract,
 * reviewed and approved by the agency; Golden State's for event staffing (recruiters, visa
 * workers, housing: high risk) waiting in the agency's review queue.
 */
export async function seedDemoDeclarations(
  client: Database,
  { agencyId, sunrise, goldenState, reviewerId, now }: {
    agencyId: string
    sunrise: { organizationId: string; signer: { id: string; name: string } }
    goldenState: { organizationId: string; signer: { id: string; name: string } }
    reviewerId: string
    now: Date
  },
) {
  const day = 86_400_000
  const contractsOf = async (organizationId: string) =>
    (await client.contract.findMany({ where: { primeVendorId: organizationId, agencyId }, select: { id: true } })).map((c) => c.id)

  const sunriseDeclaration = await makeDeclaration(client, {
    organizationId: sunrise.organizationId,
    contractIds: await contractsOf(sunrise.organizationId),
    signer: { ...sunrise.signer, title: 'Compliance Director' },
    now: new Date(now.getTime() - 12 * day),
  })
  if (sunriseDeclaration.status === 'submitted') {
    const decided = await decideReview(
      { agencyId, attestationId: sunriseDeclaration.attestationId, reviewerId, decision: 'approved' },
      new Date(now.getTime() - 10 * day),
      client,
    )
    if (!decided.ok) throw new Error(`Could not approve the demo declaration: ${decided.formError}`)
  }

  await makeDeclaration(client, {
    organizationId: goldenState.organizationId,
    contractIds: await contractsOf(goldenState.organizationId),
    signer: { ...goldenState.signer, title: 'Chief Executive Officer' },
    now: new Date(now.getTime() - 2 * day),
  })
}
