import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { answersSchemaFor, formDefaultsFor, validateAnswers } from '~/attestations/answers'
import { applicableSteps, toIsoDay, type Applicability } from '~/attestations/applicability'
import {
  AnswerList,
  AttestationStepForm,
  StepApplicability,
  StepIndicator,
  type StepFailure,
} from '~/attestations/attestation-form'
import {
  isEditable,
  loadAttestation,
  reviseAttestation,
  saveStep,
  submitAttestation,
} from '~/attestations/attestations.server'
import { itemsOf, PLAN_ELEMENTS, REVIEW_CODES } from '~/attestations/template'
import { roleHasPermission } from '~/auth/permissions'
import { requireMembership } from '~/auth/permissions.server'
import { formFailure, parseForm, readForm } from '~/http/forms.server'
import { clientIp, forbidden, notFound } from '~/http/responses.server'
import { useT } from '~/i18n/use-t'
import { describeReason, riskTierLabel, RiskAssessmentSchema } from '~/risk/risk'
import { subcontractorsForDeclaration } from '~/subcontracts/subcontracts.server'
import { FormError, Notice } from '~/ui/forms'
import { formatDate } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

// One declaration (product.md §4). While it is a draft, or sent back for changes, it is a form
// with one step per applicable section (?step=<section id>), ending with the signature
// (FAR 52.222-56). Once submitted it is read-only: what was certified, its SHA-256, the risk tier
// and why, and the agency's decisions; changes then make a new version that supersedes it.

/** Attestation.riskReasons as submitAttestation stores it: the assessment without its tier, plus the review reasons. */
const StoredRiskSchema = RiskAssessmentSchema.omit({ tier: true }).extend({
  reviewReasons: z
    .array(z.object({ itemId: z.string(), code: z.enum(REVIEW_CODES), planElement: z.enum(PLAN_ELEMENTS).optional() }))
    .default([]),
})

/** AttestationReview.itemComments: `{ "<item id>": "comment" }`. */
const ItemCommentsSchema = z.record(z.string(), z.string()).catch({})

/** Threshold amounts are BigInt and dates Date in the database: plain strings for the page. */
function forThePage(applicability: Applicability): Applicability {
  const compliancePlans: Applicability['compliancePlans'] = {}
  for (const [contractId, plan] of Object.entries(applicability.compliancePlans)) {
    compliancePlans[contractId] = {
      required: plan.required,
      reasons: plan.reasons.map((reason) =>
        reason.threshold
          ? {
              ...reason,
              threshold: {
                ...reason.threshold,
                amountCents: reason.threshold.amountCents.toString(),
                effectiveFrom: toIsoDay(reason.threshold.effectiveFrom),
              },
            }
          : reason,
      ),
    }
  }
  return { ...applicability, compliancePlans }
}

async function loadFor(request: Request, params: LoaderFunctionArgs['params']) {
  const access = await requireMembership(request, params.orgId, 'read:organization')
  // Declarations are made by vendors; agencies see them through their review pages.
  if (access.organization.kind !== 'vendor') notFound()
  // Tenancy: another organization's declaration does not exist for this one (404, not 403).
  const context = await loadAttestation(params.attestationId ?? '', { organizationId: access.organization.id })
  if (!context) notFound()
  return { access, context }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { access, context } = await loadFor(request, params)
  const { attestation, template, applicability, answers } = context
  const role = access.membership.role
  const editable = isEditable(attestation.status)
  const steps = applicableSteps(template, applicability)
  const organizationId = access.organization.id

  // Resume where the person left off (the stored step) unless the URL names a step.
  const requested = new URL(request.url).searchParams.get('step')
  const step = steps.find((s) => s.id === requested) ?? steps[attestation.currentStep] ?? steps[0]
  if (!step) throw new Error(`Template ${template.version} has no applicable step`)
  const stepIndex = steps.indexOf(step)

  const defaults = editable
    ? formDefaultsFor(template, applicability, step.id, answers, {
        name: attestation.signerName ?? access.user.name,
        title: attestation.signerTitle ?? '',
      })
    : {}
  if (step.signing) {
    // The penalty-of-perjury checkbox is ticked in the same request that submits (FAR 52.222-56:
    // an explicit act of the official), never carried over from a saved draft.
    for (const item of step.items) if (item.answer.type === 'acknowledgement') defaults[item.id] = false
  }

  // Section D (FAR 52.222-50(i)): every subcontractor below this organization, at every tier, with its status.
  const subcontractors = applicability.conditions.has_subcontracts.holds
    ? await subcontractorsForDeclaration(organizationId, context.contracts.map((c) => c.id))
    : []

  const latestReview = attestation.reviews[0]
  const stored = StoredRiskSchema.safeParse(attestation.riskReasons)
  return {
    organizationId,
    editable,
    canSign: roleHasPermission(role, 'sign:attestation'),
    canRevise: roleHasPermission(role, 'create:attestation') && !editable && attestation.status !== 'superseded',
    attestation: {
      id: attestation.id,
      status: attestation.status,
      templateVersion: attestation.template.version,
      signerName: attestation.signerName,
      signerTitle: attestation.signerTitle,
      signedAt: attestation.signedAt,
      contentSha256: attestation.contentSha256,
      riskTier: attestation.riskTier,
    },
    template,
    applicability: forThePage(applicability),
    answers,
    contracts: context.contracts.map((c) => ({
      id: c.id,
      number: c.number,
      title: c.title,
      outsideUSValueCents: c.outsideUSValueCents.toString(),
    })),
    steps: steps.map((s) => ({
      id: s.id,
      title: s.title,
      complete: validateAnswers(template, applicability, answers, { step: s.id }).complete,
    })),
    step: step.id,
    backTo: stepIndex > 0 ? `?step=${steps[stepIndex - 1]?.id ?? ''}` : `/orgs/${organizationId}/attestations`,
    defaults,
    subcontractors,
    // The agency's comments matter while the vendor makes the changes asked for.
    changes:
      attestation.status === 'changes_requested' && latestReview?.decision === 'changes_requested'
        ? { reason: latestReview.reason, itemComments: ItemCommentsSchema.parse(latestReview.itemComments) }
        : null,
    reviews: attestation.reviews.map((review) => ({
      id: review.id,
      decision: review.decision,
      reason: review.reason,
      itemComments: ItemCommentsSchema.parse(review.itemComments),
      createdAt: review.createdAt,
      reviewer: review.reviewer.name,
    })),
    risk: stored.success ? stored.data : null,
    today: new Date().toISOString(),
  }
}

const INTENTS = ['save', 'next', 'submit', 'revise'] as const
const isIntent = (value: unknown): value is (typeof INTENTS)[number] => INTENTS.some((intent) => intent === value)

export async function action({ request, params }: ActionFunctionArgs) {
  const { access, context } = await loadFor(request, params)
  const { attestation, template, applicability } = context
  const organizationId = access.organization.id
  const role = access.membership.role
  const here = `/orgs/${organizationId}/attestations/${attestation.id}`
  const form = await readForm(request)
  const intent = form.get('intent')
  if (!isIntent(intent)) return formFailure({ formError: 'errors.invalid' }, undefined, 400)
  if (!roleHasPermission(role, 'create:attestation')) forbidden()

  if (intent === 'revise') {
    const revised = await reviseAttestation({
      attestationId: attestation.id,
      organizationId,
      actorUserId: access.user.id,
    })
    if (!revised.ok) return formFailure({ formError: revised.formError }, undefined, revised.status)
    return redirect(`/orgs/${organizationId}/attestations/${revised.attestationId}`)
  }

  // FAR 52.222-56: only an authorized official signs. Checked before anything is saved.
  const canSign = roleHasPermission(role, 'sign:attestation')
  if (intent === 'submit' && !canSign) forbidden()
  // Fast answer for a stale tab; saveStep and submitAttestation check again under a row lock.
  if (!isEditable(attestation.status)) {
    return formFailure(
      { formError: intent === 'submit' ? 'attestation.errors.alreadySubmitted' : 'attestation.errors.notEditable' },
      undefined,
      409,
    )
  }

  const steps = applicableSteps(template, applicability)
  const stepIndex = steps.findIndex((s) => s.id === form.get('step'))
  const section = steps[stepIndex]
  if (!section || (intent === 'submit' && !section.signing))
    return formFailure({ formError: 'errors.invalid' }, undefined, 400)

  // "Save draft" keeps what is there (unknown values and over-long text are still refused);
  // "Continue" and "Submit" need the whole step.
  const parsed = parseForm(
    answersSchemaFor(template, applicability, section.id, { mode: intent === 'save' ? 'draft' : 'complete' }),
    form,
  )
  if (!parsed.ok) return formFailure(parsed.failure)

  const nextIndex = intent === 'next' ? Math.min(stepIndex + 1, steps.length - 1) : stepIndex
  const saved = await saveStep({
    attestationId: attestation.id,
    organizationId,
    actorUserId: access.user.id,
    sectionId: section.id,
    stepAnswers: parsed.data.answers,
    currentStep: nextIndex,
    // The signer's name and title are theirs to give: someone who cannot sign does not change them.
    signer: section.signing && canSign ? parsed.data.signer : undefined,
  })
  if (!saved.ok)
    return formFailure({ formError: saved.formError, fieldErrors: saved.fieldErrors }, parsed.values, saved.status)
  if (intent === 'save') return redirect(`${here}?step=${section.id}&saved=1`)
  if (intent === 'next') return redirect(`${here}?step=${steps[nextIndex]?.id ?? section.id}`)

  const signer = parsed.data.signer
  if (!signer) return formFailure({ formError: 'errors.invalid' }, parsed.values, 400)
  const submitted = await submitAttestation({
    attestationId: attestation.id,
    organizationId,
    signer: { userId: access.user.id, name: signer.name, title: signer.title },
    ip: clientIp(request),
  })
  if (!submitted.ok) {
    if (submitted.status === 400) {
      // Incomplete elsewhere: name each missing item, in template order, with its step.
      const problems = submitted.fieldErrors ?? {}
      const missing = itemsOf(template)
        .filter((item) => problems[item.id] !== undefined)
        .map((item) => ({ itemId: item.id, sectionId: item.sectionId, message: problems[item.id] ?? 'errors.invalid' }))
      return data({ formError: submitted.formError, missing, values: parsed.values } satisfies StepFailure, {
        status: 400,
      })
    }
    return formFailure({ formError: submitted.formError }, parsed.values, submitted.status)
  }
  return redirect(`${here}?submitted=1`)
}

// ───────────────────────────── page ─────────────────────────────

export default function AttestationRoute() {
  const page = useLoaderData<typeof loader>()
  const failure = useActionData<StepFailure>()
  const { t, lang } = useT()
  const location = useLocation()
  const [searchParams] = useSearchParams()
  const { template, attestation, contracts } = page
  return (
    <>
      <p className="margin-bottom-0">
        <Link className="usa-link" to={`/orgs/${page.organizationId}/attestations`}>
          {t('attestation.back.list')}
        </Link>
      </p>
      <h1 className="margin-top-1">{t('attestation.title')}</h1>
      <p className="text-base margin-top-0">
        {t('attestation.templateVersion', { title: template.title[lang], version: attestation.templateVersion })}
      </p>
      <p>
        <span className="text-bold">{t('attestation.contracts.covered')}:</span>{' '}
        {contracts.map((c) => `${c.number} (${c.title})`).join(', ')}
      </p>
      {page.editable ? (
        <EditableView
          key={`${page.step}:${location.key}`}
          failure={failure}
          saved={searchParams.get('saved') === '1'}
        />
      ) : (
        <ReadOnlyView failure={failure} submittedNow={searchParams.get('submitted') === '1'} />
      )}
    </>
  )
}

function EditableView({ failure, saved }: { failure?: StepFailure; saved: boolean }) {
  const page = useLoaderData<typeof loader>()
  const { t } = useT()
  const section = page.template.sections.find((s) => s.id === page.step)
  if (!section) return null
  return (
    <>
      {page.changes ? (
        <Notice type="warning">
          {t('attestation.changesRequested')}
          {page.changes.reason ? ` ${t('attestation.agencyReason', { reason: page.changes.reason })}` : null}
        </Notice>
      ) : null}
      {saved && !failure ? <Notice>{t('attestation.draftSaved')}</Notice> : null}
      <StepIndicator steps={page.steps} currentId={section.id} />
      <StepApplicability section={section} applicability={page.applicability} contracts={page.contracts} />
      <AttestationStepForm
        organizationId={page.organizationId}
        template={page.template}
        applicability={page.applicability}
        section={section}
        defaults={page.defaults}
        failure={failure}
        canSign={page.canSign}
        itemComments={page.changes?.itemComments ?? {}}
        subcontractors={page.subcontractors}
        backTo={page.backTo}
        today={page.today}
      />
    </>
  )
}

function ReadOnlyView({ failure, submittedNow }: { failure?: StepFailure; submittedNow: boolean }) {
  const page = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const { t, lang } = useT()
  const { attestation, risk } = page
  const rejection = page.reviews.find((review) => review.decision === 'rejected')
  return (
    <>
      {submittedNow ? <Notice>{t('attestation.submitted')}</Notice> : null}
      <FormError failure={failure} />
      {attestation.status === 'approved' ? <Notice>{t('attestation.selfCertified')}</Notice> : null}
      {attestation.status === 'submitted' ? <Notice type="info">{t('attestation.awaitingReview')}</Notice> : null}
      {attestation.status === 'rejected' ? (
        <Notice type="warning">{t('attestation.rejectedReason', { reason: rejection?.reason ?? '—' })}</Notice>
      ) : null}

      <dl className="grid-row grid-gap">
        <div className="tablet:grid-col-6 margin-bottom-2">
          <dt className="text-bold">{t('attestation.list.status')}</dt>
          <dd className="margin-left-0">{t(`attestation.status.${attestation.status}`)}</dd>
        </div>
        <div className="tablet:grid-col-6 margin-bottom-2">
          <dt className="text-bold">{t('attestation.risk.title')}</dt>
          <dd className="margin-left-0">{attestation.riskTier ? riskTierLabel(attestation.riskTier, lang) : '—'}</dd>
        </div>
      </dl>

      {attestation.signedAt ? (
        <section aria-labelledby="signature-heading">
          <h2 id="signature-heading">{t('attestation.signature.title')}</h2>
          <p className="text-break-all">
            {t('attestation.frozen', {
              name: attestation.signerName ?? '—',
              title: attestation.signerTitle ?? '—',
              date: formatDate(attestation.signedAt, lang),
              hash: attestation.contentSha256 ?? '—',
            })}
          </p>
        </section>
      ) : null}

      {risk && attestation.riskTier ? (
        <section aria-labelledby="risk-heading">
          <h2 id="risk-heading">
            {t('attestation.risk.title')}: {riskTierLabel(attestation.riskTier, lang)}
          </h2>
          <h3>{t('risk.whyThisTier')}</h3>
          {risk.reasons.length === 0 ? (
            <p>{t('risk.noReasons')}</p>
          ) : (
            <ul className="usa-list">
              {risk.reasons.map((reason, index) => (
                <li key={`${reason.factor}-${index}`}>
                  {describeReason(reason, lang)} ·{' '}
                  {t(reason.weight === 1 ? 'risk.points.one' : 'risk.points.other', { weight: reason.weight })}
                </li>
              ))}
            </ul>
          )}
          <p className="text-base">{t('risk.modelVersion', { version: risk.modelVersion })}</p>
          {risk.reviewReasons.length > 0 || attestation.status === 'submitted' ? (
            <>
              <h3>{t('attestation.review.reasonsTitle')}</h3>
              {attestation.status === 'submitted' ? <p>{t('attestation.review.required')}</p> : null}
              {risk.reviewReasons.length > 0 ? (
                <ul className="usa-list">
                  {risk.reviewReasons.map((reason) => (
                    <li key={`${reason.itemId}-${reason.code}`}>
                      {t(`attestation.review.reason.${reason.code}`, {
                        item: reason.itemId,
                        element: reason.planElement ?? '',
                      })}
                    </li>
                  ))}
                </ul>
              ) : (
                // No answer asked for review: the agency's policy reviews this risk tier (product.md §5).
                <p>{t('attestation.review.byTier', { tier: riskTierLabel(attestation.riskTier, lang) })}</p>
              )}
            </>
          ) : null}
        </section>
      ) : null}

      {page.reviews.length > 0 ? (
        <section aria-labelledby="decisions-heading">
          <h2 id="decisions-heading">{t('attestation.decision.title')}</h2>
          {page.reviews.map((review) => (
            <div key={review.id} className="margin-bottom-3">
              <p className="text-bold margin-bottom-05">
                {t(`attestation.decision.${review.decision}`, {
                  reviewer: review.reviewer,
                  date: formatDate(review.createdAt, lang),
                })}
              </p>
              {review.reason ? (
                <p className="margin-top-0">{t('attestation.agencyReason', { reason: review.reason })}</p>
              ) : null}
              {Object.keys(review.itemComments).length > 0 ? (
                <>
                  <p className="margin-bottom-05">{t('attestation.reviewComments')}</p>
                  <ul className="usa-list margin-top-0">
                    {Object.entries(review.itemComments).map(([itemId, comment]) => (
                      <li key={itemId}>
                        {t('attestation.reviewComment.item', { item: itemId })}: {comment}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </div>
          ))}
        </section>
      ) : null}

      <section aria-labelledby="answers-heading">
        <h2 id="answers-heading">{t('attestation.answers.title')}</h2>
        <AnswerList template={page.template} applicability={page.applicability} answers={page.answers} />
      </section>

      {page.canRevise ? (
        <section aria-labelledby="revise-heading" className="margin-top-6">
          <h2 id="revise-heading">{t('attestation.revise')}</h2>
          <p>{t('attestation.reviseHint')}</p>
          <Form method="post">
            <button
              type="submit"
              name="intent"
              value="revise"
              className="usa-button usa-button--outline"
              disabled={navigation.state === 'submitting'}
            >
              {t('attestation.revise')}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'attestation.title')
