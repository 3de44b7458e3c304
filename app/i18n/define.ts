/**
 * A capability's own UI text, English and Spanish side by side. The Spanish object must have
 * exactly the English keys, so a missing translation is a compile error where it is written.
 */
export function defineMessages<const En extends Record<string, string>>(messages: {
  en: En
  es: { [K in keyof En]: string }
}) {
  return messages
}
