// Every capability's catalogue (app/<domain>/messages.ts, made with defineMessages), merged
// into the portal's two catalogues by messages.en.ts and messages.es.ts. To add one, import it
// and spread it into both objects below.
import { agencyMessages } from '~/agency/messages'
import { attestationMessages } from '~/attestations/messages'
import { contractMessages } from '~/contracts/messages'
import { riskMessages } from '~/risk/messages'
import { documentMessages } from '~/documents/messages'
import { reviewMessages } from '~/review/messages'
import { certificateMessages } from '~/certificates/messages'
import { verifyMessages } from '~/certificates/verify-messages'
import { workerMessages } from '~/workers/messages'
import { revocationMessages } from '~/certificates/revocation-messages'
import { subcontractMessages } from '~/subcontracts/messages'
import { trainingMessages } from '~/training/messages'
import { registryMessages } from '~/registry/messages'
import { goodsMessages } from '~/goods/messages'
import { reminderMessages } from '~/reminders/messages'

/** Every capability's catalogue, so a test can check that no two define the same key. */
export const domainCatalogues = {
  contracts: contractMessages,
  agency: agencyMessages,
  attestations: attestationMessages,
  risk: riskMessages,
  documents: documentMessages,
  review: reviewMessages,
  certificates: certificateMessages,
  verify: verifyMessages,
  workers: workerMessages,
  revocation: revocationMessages,
  subcontracts: subcontractMessages,
  training: trainingMessages,
  registry: registryMessages,
  goods: goodsMessages,
  reminders: reminderMessages,
}

export const domainMessagesEn = {
  ...contractMessages.en,
  ...agencyMessages.en,
  ...attestationMessages.en,
  ...riskMessages.en,
  ...documentMessages.en,
  ...reviewMessages.en,
  ...certificateMessages.en,
  ...verifyMessages.en,
  ...workerMessages.en,
  ...revocationMessages.en,
  ...subcontractMessages.en,
  ...trainingMessages.en,
  ...registryMessages.en,
  ...goodsMessages.en,
  ...reminderMessages.en,
} as const

export const domainMessagesEs: Record<keyof typeof domainMessagesEn, string> = {
  ...contractMessages.es,
  ...agencyMessages.es,
  ...attestationMessages.es,
  ...riskMessages.es,
  ...documentMessages.es,
  ...reviewMessages.es,
  ...certificateMessages.es,
  ...verifyMessages.es,
  ...workerMessages.es,
  ...revocationMessages.es,
  ...subcontractMessages.es,
  ...trainingMessages.es,
  ...registryMessages.es,
  ...goodsMessages.es,
  ...reminderMessages.es,
}
