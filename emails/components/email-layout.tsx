import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components'
import type { CSSProperties, ReactNode } from 'react'

export type EmailLanguage = 'en' | 'es'

/** One set of strings per language; a key missing in either language is a type error. */
export type Localized<T> = { readonly [L in EmailLanguage]: T }

type LayoutStrings = {
  portalName: string
  automatedNotice: string
  hotlineIntro: string
  nationalHotline: string
  nationalHotlineText: string
  globalHotline: string
  orEmail: string
  linkFallback: string
}

const layoutStrings: Localized<LayoutStrings> = {
  en: {
    portalName: 'Trafficking-Free Vendor Portal',
    automatedNotice: 'This is an automated message. Please do not reply to it.',
    hotlineIntro: 'To report suspected human trafficking, contact:',
    nationalHotline: 'U.S. National Human Trafficking Hotline:',
    nationalHotlineText: 'or text',
    globalHotline: 'Global Human Trafficking Hotline:',
    orEmail: 'or',
    linkFallback: 'If the button does not work, copy this link into your browser:',
  },
  es: {
    portalName: 'Portal de Proveedores Libres de Trata',
    automatedNotice: 'Este es un mensaje automático. Por favor, no lo responda.',
    hotlineIntro: 'Para denunciar una posible situación de trata de personas, comuníquese con:',
    nationalHotline: 'Línea Nacional contra la Trata de Personas de EE. UU.:',
    nationalHotlineText: 'o envíe un mensaje de texto al',
    globalHotline: 'Línea Global contra la Trata de Personas:',
    orEmail: 'o',
    linkFallback: 'Si el botón no funciona, copie este enlace en su navegador:',
  },
}

export function portalName(language: EmailLanguage): string {
  return layoutStrings[language].portalName
}

// Colors follow the USWDS palette used by the portal; text contrast meets WCAG AA.
export const colors = {
  primary: '#005ea2',
  text: '#1b1b1b',
  muted: '#565c65',
  border: '#dfe1e2',
  background: '#f0f0f0',
} as const

export const styles = {
  heading: { color: colors.text, fontSize: '22px', lineHeight: '28px', margin: '0 0 16px' },
  paragraph: { color: colors.text, fontSize: '16px', lineHeight: '24px', margin: '0 0 16px' },
  small: { color: colors.muted, fontSize: '14px', lineHeight: '20px', margin: '0 0 12px' },
  button: {
    backgroundColor: colors.primary,
    borderRadius: '4px',
    color: '#ffffff',
    display: 'inline-block',
    fontSize: '16px',
    fontWeight: 700,
    padding: '12px 20px',
    textDecoration: 'none',
  },
  link: { color: colors.primary, textDecoration: 'underline', wordBreak: 'break-all' },
} satisfies Record<string, CSSProperties>

const bodyStyle: CSSProperties = {
  backgroundColor: colors.background,
  fontFamily: '"Source Sans Pro", "Helvetica Neue", Helvetica, Arial, sans-serif',
  margin: 0,
  padding: '24px 0',
}
const containerStyle: CSSProperties = {
  backgroundColor: '#ffffff',
  border: `1px solid ${colors.border}`,
  maxWidth: '600px',
  padding: '32px',
}
const headerStyle: CSSProperties = {
  borderBottom: `4px solid ${colors.primary}`,
  color: colors.primary,
  fontSize: '18px',
  fontWeight: 700,
  margin: '0 0 24px',
  paddingBottom: '12px',
}
const footerLink: CSSProperties = { color: colors.primary }

export function EmailLayout({
  language,
  preview,
  children,
}: {
  language: EmailLanguage
  /** Inbox preview line; not repeated in the plain-text version. */
  preview: string
  children: ReactNode
}) {
  const t = layoutStrings[language]
  return (
    <Html lang={language} dir="ltr">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={bodyStyle}>
        <Container style={containerStyle}>
          <Text style={headerStyle}>{t.portalName}</Text>
          <Section>{children}</Section>
          <Hr style={{ borderColor: colors.border, margin: '24px 0' }} />
          {/* FAR 52.222-50(h)(3)(ii): a compliance plan's reporting process must make the Global
              Human Trafficking Hotline (1-844-888-FREE, help@befree.org) available to all
              employees. Every message the portal sends carries it, with the U.S. national
              hotline. Phone numbers stay plain text: mail clients turn them into links, and
              tel: links would clutter the text version. */}
          <Section>
            <Text style={styles.small}>{t.hotlineIntro}</Text>
            <Text style={styles.small}>
              {t.nationalHotline} <strong>1-888-373-7888</strong> {t.nationalHotlineText}{' '}
              <strong>233733</strong>
            </Text>
            <Text style={styles.small}>
              {t.globalHotline} <strong>1-844-888-FREE</strong> (1-844-888-3733) {t.orEmail}{' '}
              <Link href="mailto:help@befree.org" style={footerLink}>
                help@befree.org
              </Link>
            </Text>
            <Text style={styles.small}>{t.automatedNotice}</Text>
          </Section>
        </Container>
      </Body>
    </Html>
  )
}

/**
 * The call to action, followed by the bare link for clients that do not show buttons. The
 * plain-text version already prints the address after the button label, so the fallback
 * sentence is left out of it.
 */
export function ActionLink({ language, href, label }: { language: EmailLanguage; href: string; label: string }) {
  return (
    <>
      <Section style={{ margin: '8px 0 24px' }}>
        <Button href={href} style={styles.button}>
          {label}
        </Button>
      </Section>
      <Text style={styles.small} data-skip-in-text="true">
        {layoutStrings[language].linkFallback}{' '}
        <Link href={href} style={styles.link}>
          {href}
        </Link>
      </Text>
    </>
  )
}

/**
 * The shape most portal emails share: a heading, what happened, one action, when it expires and
 * a quieter closing note (verification, password reset, invitation, and the reminders to come).
 */
export function ActionEmail({
  language,
  preview,
  heading,
  children,
  action,
  expiry,
  closingNote,
}: {
  language: EmailLanguage
  preview: string
  heading: string
  /** The paragraphs before the action. */
  children: ReactNode
  action: { href: string; label: string }
  expiry: string
  closingNote: string
}) {
  return (
    <EmailLayout language={language} preview={preview}>
      <Heading as="h1" style={styles.heading}>
        {heading}
      </Heading>
      {children}
      <ActionLink language={language} href={action.href} label={action.label} />
      <Text style={styles.paragraph}>{expiry}</Text>
      <Text style={styles.small}>{closingNote}</Text>
    </EmailLayout>
  )
}
