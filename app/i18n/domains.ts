// Every capability's catalogue (app/<domain>/messages.ts, made with defineMessages), merged
// into the portal's two catalogues by messages.en.ts and messages.es.ts. To add one, import it
// and spread it into both objects below.
import { agencyMessages } from '~/agency/messages'
import { attestationMessages } from '~/attestations/messages'
import { contractMessages } from '~/contracts/messages'
import { riskMessages } from '~/risk/messages'
import { documentMessages } from '~/documents/messages'
import { reviewMessages } from '~/review/messages'

export const domainMessagesEn = {
  ...contractMessages.en,
  ...agencyMessages.en,
  ...attestationMessages.en,
  ...riskMessages.en,
  ...documentMessages.en,
  ...reviewMessages.en,
} as const

export const domainMessagesEs: Record<keyof typeof domainMessagesEn, string> = {
  ...contractMessages.es,
  ...agencyMessages.es,
  ...attestationMessages.es,
  ...riskMessages.es,
  ...documentMessages.es,
  ...reviewMessages.es,
}
