import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { roleHasPermission } from '~/auth/permissions'
import { requireMembership } from '~/auth/permissions.server'
import { db } from '~/db/db.server'
import { formatUsd } from '~/contracts/money'
import { formFailure, parseForm, readForm } from '~/http/forms.server'
import { notFound } from '~/http/responses.server'
import { isLang } from '~/i18n/i18n'
import { useT } from '~/i18n/use-t'
import { sendSubcontractInvitation } from '~/subcontracts/notify.server'
import { SubcontractInvitationSchema } from '~/subcontracts/schemas'
import { StatusBadge } from '~/subcontracts/status-badge'
import { inviteSubcontractor, resendSubcontractInvitation, visibleTree, withdrawSubcontractInvitation } from '~/subcontracts/subcontracts.server'
import type { TreeNode } from '~/subcontracts/tree'
import { FormError, Notice, TextField, useValidatedForm, type FormFailure } from '~/ui/forms'
import { formatDay } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'read:organization')
  // Who sees what of the tree is decided on the server (product.md §7): never the whole tree to a subcontractor.
  const visible = await visibleTree(access.organization.id, params.contractId ?? '')
  if (!visible) notFound()
  const role = visible.position.role
  return {
    organizationId: access.organization.id,
    role,
    contract: { id: visible.contract.id, number: visible.contract.number, title: visible.contract.title, agency: visible.contract.agency.legalName, prime: visible.contract.primeVendor?.legalName ?? null },
    nodes: visible.nodes,
    canInvite: role !== 'agency' && roleHasPermission(access.membership.role, 'manage:contracts'),
    canExport: role === 'agency',
  }
}

type ActionResult = FormFailure & { resent?: boolean; withdrawn?: boolean }

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'manage:contracts')
  const contractId = params.contractId ?? ''
  const visible = await visibleTree(access.organization.id, contractId)
  if (!visible) notFound()
  const form = await readForm(request)
  const intent = form.get('intent')
  const language = isLang(access.user.preferredLanguage) ? access.user.preferredLanguage : 'en'
  if (intent === 'resend' || intent === 'withdraw') {
    const invitationId = form.get('invitationId')
    if (typeof invitationId !== 'string') return data({ formError: 'errors.invalid' } satisfies ActionResult, { status: 400 })
    const args = { invitationId, organizationId: access.organization.id, actorUserId: access.user.id }
    if (intent === 'withdraw') {
      const result = await withdrawSubcontractInvitation(args)
      if (!result.ok) return data({ formError: result.formError } satisfies ActionResult, { status: result.status })
      return { withdrawn: true } satisfies ActionResult
    }
    const result = await resendSubcontractInvitation(args)
    if (!result.ok) return data({ formError: result.formError } satisfies ActionResult, { status: result.status })
    await sendSubcontractInvitation({ invitationId, token: result.token, inviterName: access.user.name, language })
    return { resent: true } satisfies ActionResult
  }
  const parsed = parseForm(SubcontractInvitationSchema, form)
  if (!parsed.ok) return formFailure(parsed.failure)
  const result = await inviteSubcontractor({ contractId, organizationId: access.organization.id, actorUserId: access.user.id, input: parsed.data })
  if (!result.ok) return formFailure({ fieldErrors: result.fieldErrors, formError: result.formError }, parsed.values, result.status)
  const invitee = await db().user.findUnique({ where: { email: parsed.data.email }, select: { preferredLanguage: true } })
  await sendSubcontractInvitation({ invitationId: result.invitationId, token: result.token, inviterName: access.user.name, language: isLang(invitee?.preferredLanguage) ? invitee.preferredLanguage : language })
  return redirect(`/orgs/${access.organization.id}/contracts/${contractId}/subcontractors?sent=${encodeURIComponent(parsed.data.email)}`)
}

export default function SubcontractorsRoute() {
  const { organizationId, role, contract, nodes, canInvite, canExport } = useLoaderData<typeof loader>()
  const result = useActionData<ActionResult>()
  const [searchParams] = useSearchParams()
  const { t } = useT()
  const sent = searchParams.get('sent')
  const joined = searchParams.get('joined')
  return (
    <>
      <p className="margin-bottom-0">
        {role === 'subcontractor' ? (
          <Link className="usa-link" to={`/orgs/${organizationId}/subcontracts`}>
            {t('subcontracts.workspace.title')}
          </Link>
        ) : (
          <Link className="usa-link" to={`/orgs/${organizationId}/contracts/${contract.id}`}>
            {contract.number}
          </Link>
        )}
      </p>
      <h1 className="margin-top-1">{t('subcontracts.treeTitle', { number: contract.number })}</h1>
      <p className="usa-intro">{t(`subcontracts.lead.${role}`)}</p>
      {sent ? <Notice>{t('subcontracts.invite.sent', { email: sent })}</Notice> : null}
      {joined ? <Notice>{t('subcontracts.accept.accepted', { tier: joined })}</Notice> : null}
      {result?.resent ? <Notice>{t('subcontracts.invite.resent')}</Notice> : null}
      {result?.withdrawn ? <Notice>{t('subcontracts.invite.withdrawn')}</Notice> : null}
      {result?.formError && !result.fieldErrors ? <FormError failure={result} /> : null}
      <section aria-labelledby="tree-heading">
        <h2 id="tree-heading">{contract.title}</h2>
        {contract.prime && role !== 'subcontractor' ? <p>{t('subcontracts.prime', { name: contract.prime })}</p> : null}
        {nodes.length === 0 ? <p>{t('subcontracts.none')}</p> : <TreeList nodes={nodes} organizationId={organizationId} />}
        {canExport ? (
          <p>
            <a className="usa-button usa-button--outline" href={`/orgs/${organizationId}/contracts/${contract.id}/subcontractors.csv`} download>
              {t('subcontracts.exportCsv')}
            </a>
          </p>
        ) : null}
      </section>
      {canInvite ? <InviteForm failure={result?.fieldErrors ? result : undefined} /> : null}
    </>
  )
}

/** The tree as nested lists: each level is a list inside its parent's item (read as levels by screen readers). */
function TreeList({ nodes, organizationId }: { nodes: TreeNode[]; organizationId: string }) {
  return (
    <ul className="usa-list usa-list--unstyled padding-left-3 border-left-1px border-base-lighter">
      {nodes.map((node) => (
        <li key={node.id} className="margin-y-2">
          <TreeItem node={node} organizationId={organizationId} />
          {node.children.length > 0 ? <TreeList nodes={node.children} organizationId={organizationId} /> : null}
        </li>
      ))}
    </ul>
  )
}

function TreeItem({ node, organizationId }: { node: TreeNode; organizationId: string }) {
  const { t, lang } = useT()
  const navigation = useNavigation()
  const day = node.expiresAt ? formatDay(node.expiresAt, lang) : ''
  return (
    <div>
      <p className="margin-y-0">
        <span className="text-bold">{node.name}</span> · {t('subcontracts.tier', { tier: node.tier })} <StatusBadge status={node.status} />
      </p>
      <p className="margin-y-05 font-body-2xs">
        {node.kind === 'invitation'
          ? t(node.invitationExpired ? 'subcontracts.invitationExpired' : 'subcontracts.invitationExpires', { date: day })
          : node.expiresAt
            ? `${t('subcontracts.certificate', { number: node.certificateNumber ?? '' })} · ${t('subcontracts.expires', { date: day })}`
            : null}
        {node.kind === 'subcontract' ? (
          <>
            {node.expiresAt ? ' · ' : null}
            {node.coverage?.percentCurrent !== undefined && node.coverage?.percentCurrent !== null
              ? t('subcontracts.coverage', { percent: node.coverage.percentCurrent })
              : t('subcontracts.coverageUnknown')}
          </>
        ) : null}
      </p>
      {node.terms ? (
        <p className="margin-y-05 font-body-2xs text-base-dark">
          {t('subcontracts.scope')}: {node.terms.scope}
          {node.terms.valueCents ? ` · ${t('subcontracts.value')}: ${formatUsd(node.terms.valueCents, lang)}` : null}
          {node.terms.email ? ` · ${t('subcontracts.contact')}: ${node.terms.email}` : null}
        </p>
      ) : null}
      {node.kind === 'invitation' && node.parentOrganizationId === organizationId ? (
        <div className="display-flex">
          <Form method="post" className="margin-right-1">
            <input type="hidden" name="invitationId" value={node.id} />
            <button type="submit" name="intent" value="resend" className="usa-button usa-button--outline usa-button--small" disabled={navigation.state === 'submitting'}>
              {t('subcontracts.invite.resend')}
              <span className="usa-sr-only"> — {node.name}</span>
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="invitationId" value={node.id} />
            <button type="submit" name="intent" value="withdraw" className="usa-button usa-button--unstyled" disabled={navigation.state === 'submitting'}>
              {t('subcontracts.invite.withdraw')}
              <span className="usa-sr-only"> — {node.name}</span>
            </button>
          </Form>
        </div>
      ) : null}
    </div>
  )
}

function InviteForm({ failure }: { failure?: FormFailure }) {
  const { t } = useT()
  const navigation = useNavigation()
  const { onSubmit, errorFor, register, summary } = useValidatedForm(SubcontractInvitationSchema, { failure })
  const values = failure?.values ?? {}
  const text = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined)
  return (
    <section aria-labelledby="invite-heading" className="margin-top-5">
      <h2 id="invite-heading">{t('subcontracts.invite.title')}</h2>
      <p>{t('subcontracts.invite.lead')}</p>
      <FormError failure={summary} />
      <Form method="post" className="usa-form usa-form--large" noValidate onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="invite" />
        <TextField name="companyName" label={t('subcontracts.invite.companyName')} autoComplete="off" defaultValue={text('companyName')} error={errorFor('companyName')} registration={register('companyName')} />
        <TextField name="uei" label={t('subcontracts.invite.uei')} hint={t('subcontracts.invite.ueiHint')} autoCapitalize="characters" spellCheck={false} defaultValue={text('uei')} error={errorFor('uei')} registration={register('uei')} />
        <TextField name="contactName" label={t('subcontracts.invite.contactName')} autoComplete="off" defaultValue={text('contactName')} error={errorFor('contactName')} registration={register('contactName')} />
        <TextField name="email" type="email" label={t('subcontracts.invite.email')} autoComplete="off" defaultValue={text('email')} error={errorFor('email')} registration={register('email')} />
        <TextField name="scope" label={t('subcontracts.invite.scope')} defaultValue={text('scope')} error={errorFor('scope')} registration={register('scope')} />
        <TextField name="value" label={t('subcontracts.invite.value')} inputMode="decimal" defaultValue={text('value')} error={errorFor('value')} registration={register('value')} />
        <button type="submit" className="usa-button" disabled={navigation.state === 'submitting'}>
          {t('subcontracts.invite.submit')}
        </button>
      </Form>
    </section>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, 'subcontracts.treeTitle', { number: data?.contract.number ?? '' })
