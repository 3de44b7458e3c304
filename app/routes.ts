import { index, route, type RouteConfig } from '@remix-run/route-config'

// Every URL of the portal, in one place. Files live in app/routes/.
export default [
  index('routes/home.tsx'),
  route('signup', 'routes/signup.tsx'),
  route('signin', 'routes/signin.tsx'),
  route('signout', 'routes/signout.tsx'),
  route('verify-email', 'routes/verify-email.tsx'),
  route('forgot-password', 'routes/forgot-password.tsx'),
  route('reset-password', 'routes/reset-password.tsx'),
  route('account', 'routes/account.tsx'),
  route('set-language', 'routes/set-language.tsx'),
  route('switch-organization', 'routes/switch-organization.tsx'),
  route('invitations/:token', 'routes/invitation.tsx'),
  route('orgs/:orgId', 'routes/org.tsx'),
  route('orgs/:orgId/members', 'routes/org.members.tsx'),
  route('orgs/:orgId/contracts', 'routes/org.contracts.tsx'),
  route('orgs/:orgId/contracts/new', 'routes/org.contracts.new.tsx'),
  route('orgs/:orgId/contracts/:contractId', 'routes/org.contract.tsx'),
  route('contract-invitations/:token', 'routes/contract-invitation.tsx'),
  route('orgs/:orgId/policy', 'routes/org.policy.tsx'),
  route('orgs/:orgId/documents', 'routes/org.documents.tsx'),
  route('orgs/:orgId/documents/:documentId/download', 'routes/org.documents.download.ts'),
  route('healthz', 'routes/healthz.ts'),
  route('dev/mail', 'routes/dev.mail.tsx'),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig
