import { recordRevocation } from '~/certificates/revoke.server'
import type { PrismaClient } from '~/generated/prisma/client'
import { decideReview } from '~/review/review.server'
import { makeDeclaration } from './declarations.server'
import { createContract, utcDate } from './factories.server'

// Demo revocation (product.md §6): Harbor Landscaping holds two of the demo agency's landscaping
// contracts, each certified through a reviewed declaration. The agency revoked the first
// certificate after a site audit; the second is still valid, so an agency reviewer trying the
// portal can revoke one too (and the browser tests do, leaving Sunrise's certificate alone).
// Declarations and the revocation go through the same domain functions as the pages; the
// revocation email is not sent (demo addresses cannot receive mail).

const DAY = 86_400_000

export const DEMO_REVOCATION_REASON =
  'A site audit on the Bus Division 3 yards found that the recruiter who hired the irrigation crew charged workers placement fees, and two workers had handed their passports to a supervisor. Both are prohibited by FAR 52.222-50(b). The vendor may submit a new declaration once its corrective action plan is accepted.'

export const DEMO_REVOKABLE_CONTRACT_TITLE = 'Transit center landscaping, Harbor Gateway'
export const DEMO_REVOKED_CONTRACT_TITLE = 'Tree care and irrigation, Bus Division 3'

export async function seedDemoRevocations(client: PrismaClient, now: Date) {
  // The demo people, and through them their organizations (the vendor and the agency).
  const person = (email: string) =>
    client.user.findUniqueOrThrow({ where: { email }, select: { id: true, name: true, memberships: { select: { organizationId: true }, take: 1 } } })
  const [owner, reviewer] = await Promise.all([person('owner@harbor.demo'), person('reviewer@pcta.demo')])
  const harbor = { id: owner.memberships[0]?.organizationId ?? '' }
  const agency = { id: reviewer.memberships[0]?.organizationId ?? '' }
  const year = now.getUTCFullYear()
  const month = now.getUTCMonth()
  const landscaping = {
    industries: ['landscaping'],
    naicsCodes: ['561730'],
    placesOfPerformance: [{ country: 'US', state: 'CA' }],
    startDate: utcDate(year, month - 2, 1),
    endDate: utcDate(year + 2, month - 2, 0),
  }

  const contracts = [
    { number: `PCTA-${year}-0163`, title: DEMO_REVOKED_CONTRACT_TITLE, estimatedValueCents: 96_000_000n, declaredDaysAgo: 40, revokedDaysAgo: 5 },
    { number: `PCTA-${year}-0171`, title: DEMO_REVOKABLE_CONTRACT_TITLE, estimatedValueCents: 41_500_000n, declaredDaysAgo: 20, revokedDaysAgo: null },
  ]
  for (const { declaredDaysAgo, revokedDaysAgo, ...contract } of contracts) {
    const created = await createContract(client, { agencyId: agency.id, primeVendorId: harbor.id, ...landscaping, ...contract })
    const declaration = await makeDeclaration(client, {
      organizationId: harbor.id,
      contractIds: [created.id],
      signer: { id: owner.id, name: owner.name, title: 'Propietario' },
      now: new Date(now.getTime() - declaredDaysAgo * DAY),
    })
    // Landscaping is a high-risk industry: the agency's reviewer approves it (issuing the certificate).
    if (declaration.status === 'submitted') {
      const decided = await decideReview(
        { agencyId: agency.id, attestationId: declaration.attestationId, reviewerId: reviewer.id, decision: 'approved' },
        new Date(now.getTime() - (declaredDaysAgo - 2) * DAY),
        client,
      )
      if (!decided.ok) throw new Error(`Could not approve the demo declaration: ${decided.formError}`)
    }
    if (revokedDaysAgo === null) continue
    const certificate = await client.certificate.findUniqueOrThrow({ where: { attestationId: declaration.attestationId }, select: { number: true } })
    const revoked = await recordRevocation(
      { number: certificate.number, reason: DEMO_REVOCATION_REASON, actor: { userId: reviewer.id, agencyId: agency.id } },
      new Date(now.getTime() - revokedDaysAgo * DAY),
      client,
    )
    if (!revoked.ok) throw new Error(`Could not revoke the demo certificate: ${revoked.error}`)
  }
}
