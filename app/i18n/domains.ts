// Every capability's catalogue (app/<domain>/messages.ts, made with defineMessages), merged
// into the portal's two catalogues by messages.en.ts and messages.es.ts. To add one, import it
// and spread it into both objects below.

export const domainMessagesEn = {} as const

export const domainMessagesEs: Record<keyof typeof domainMessagesEn, string> = {}
