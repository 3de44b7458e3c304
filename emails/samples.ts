import type { EmailKind, PropsOf } from './templates'

// Sample data for every template: the preview script (npm run emails:preview) renders each one
// with it, and the reminder templates' tests use it. A new template without a sample is a type error.
export const emailSamples: { [K in EmailKind]: PropsOf<K> } = {
  verifyEmail: { recipientName: 'Ana Pérez', verifyUrl: 'https://portal.test/verify-email?token=v-123', expiresInHours: 24 },
  resetPassword: { recipientName: 'Sam Lee', resetUrl: 'https://portal.test/reset-password?token=r-456', expiresInMinutes: 30 },
  invitation: {
    organizationName: 'Acme Supplies LLC',
    roleLabel: 'Compliance officer',
    inviterName: 'Maria Lopez',
    acceptUrl: 'https://portal.test/invitations/i-789',
    expiresInDays: 7,
  },
  contractInvitation: {
    agencyName: 'Pacific Coast Transit Authority',
    contractNumber: 'PCTA-2026-0147',
    contractTitle: 'Station cleaning, Metro Line B',
    inviterName: 'Jordan Reyes',
    acceptUrl: 'https://portal.test/contract-invitations/c-321',
    expiresInDays: 14,
  },
  attestationDecision: {
    vendorName: 'Bayview Janitorial Services LLC',
    agencyName: 'Pacific Coast Transit Authority',
    decision: 'changes_requested',
    contractNumbers: ['PCTA-2026-0147', 'PCTA-2026-0150'],
    reason: 'Explain how recruitment fees are reimbursed.',
    commentsCount: 2,
    url: 'https://portal.test/orgs/o-1/attestations/a-654',
  },
  certificateRevoked: {
    vendorName: 'Bayview Janitorial Services LLC',
    agencyName: 'Pacific Coast Transit Authority',
    number: '7QK2M-X9D4R-T',
    reason: 'Workers were charged recruitment fees, found in the site audit of March 2027.',
    revokedAt: new Date('2027-03-18T17:30:00Z'),
    url: 'https://portal.test/orgs/o-1/certificates/7QK2M-X9D4R-T',
    verifyUrl: 'https://portal.test/verify/7QK2M-X9D4R-T',
  },
  subcontractInvitation: {
    parentName: 'Sunrise Janitorial Services LLC',
    inviterName: 'Rosa Delgado',
    companyName: 'Harbor Landscaping Co.',
    contactName: 'Jorge Medina',
    agencyName: 'Pacific Coast Transit Authority',
    contractNumber: 'PCTA-2026-0147',
    contractTitle: 'Station cleaning, Metro Line B',
    scope: 'Station grounds landscaping',
    acceptUrl: 'https://portal.test/subcontract-invitations/s-987',
    expiresInDays: 14,
  },
  certificateExpiry: {
    vendorName: 'Bayview Janitorial Services LLC',
    agencyName: 'Pacific Coast Transit Authority',
    certificateNumber: 'TFC-7K3M-9QXR-4',
    validUntil: '2027-02-14',
    daysBefore: 30,
    audience: 'vendor',
    url: 'https://portal.test/orgs/o-1/attestations',
  },
  trainingRefresher: {
    organizationName: 'Bayview Janitorial Services LLC',
    workers: [
      { workerRef: 'EMP-0042', displayName: 'Rosa M.', moduleTitles: { en: 'Worker rights basics', es: 'Derechos básicos de los trabajadores' }, expiresOn: '2027-02-01' },
      { workerRef: 'EMP-0107', displayName: null, moduleTitles: { en: 'Worker rights basics', es: 'Derechos básicos de los trabajadores' }, expiresOn: '2027-02-10' },
    ],
    url: 'https://portal.test/orgs/o-1/training',
  },
  draftReminder: {
    organizationName: 'Bayview Janitorial Services LLC',
    lastEditedOn: '2027-01-08',
    idleDays: 7,
    url: 'https://portal.test/orgs/o-1/attestations/a-654',
  },
  agencyDigest: {
    agencyName: 'Pacific Coast Transit Authority',
    weekOf: '2027-01-11',
    pendingReviews: 3,
    expiring: [{ certificateNumber: 'TFC-7K3M-9QXR-4', vendorName: 'Bayview Janitorial Services LLC', date: '2027-02-05' }],
    revoked: [{ certificateNumber: 'TFC-2P8D-6HWN-Q', vendorName: 'Harbor Freight Movers Inc.', date: '2027-01-07' }],
    url: 'https://portal.test/orgs/o-2/reviews',
  },
}
