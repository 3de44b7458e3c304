import { defineMessages } from '~/i18n/define'

// Certificates: the vendor's list of its certificates and their signed PDFs (product.md §6).

export const certificateMessages = defineMessages({
  en: {
    'certificates.title': 'Certificates of {organization}',
    'certificates.lead':
      'A certificate is issued when a declaration is approved. Each PDF is digitally signed; anyone can check it on the verification page with its number.',
    'certificates.none': 'No certificates yet. A certificate is issued when a declaration is approved.',
    'certificates.column.number': 'Number',
    'certificates.column.status': 'Status',
    'certificates.column.validity': 'Validity',
    'certificates.column.scope': 'Contracts',
    'certificates.column.actions': 'PDF',
    'certificates.validity': '{from} to {until}',
    'certificates.status.valid': 'Valid',
    'certificates.status.expired': 'Expired',
    'certificates.status.revoked': 'Revoked',
    'certificates.status.superseded': 'Superseded',
    'certificates.download': 'Download PDF',
    'certificates.downloadNamed': 'Download certificate {number} (PDF)',
  },
  es: {
    'certificates.title': 'Certificados de {organization}',
    'certificates.lead':
      'Se emite un certificado cuando se aprueba una declaración. Cada PDF lleva una firma digital; cualquier persona puede comprobarlo en la página de verificación con su número.',
    'certificates.none': 'Todavía no hay certificados. Se emite un certificado cuando se aprueba una declaración.',
    'certificates.column.number': 'Número',
    'certificates.column.status': 'Estado',
    'certificates.column.validity': 'Vigencia',
    'certificates.column.scope': 'Contratos',
    'certificates.column.actions': 'PDF',
    'certificates.validity': 'Del {from} al {until}',
    'certificates.status.valid': 'Vigente',
    'certificates.status.expired': 'Vencido',
    'certificates.status.revoked': 'Revocado',
    'certificates.status.superseded': 'Reemplazado',
    'certificates.download': 'Descargar PDF',
    'certificates.downloadNamed': 'Descargar el certificado {number} (PDF)',
  },
})
