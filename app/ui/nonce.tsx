import { createContext, useContext } from 'react'

// The per-response CSP nonce, provided by entry.server.tsx; empty in the browser.
const NonceContext = createContext('')
export const NonceProvider = NonceContext.Provider
export const useNonce = () => useContext(NonceContext)
