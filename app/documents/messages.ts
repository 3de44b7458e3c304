import { defineMessages } from '~/i18n/define'

// Documents: compliance plans, policies, training materials and evidence (product.md §3, §4 C).

export const documentMessages = defineMessages({
  en: {
    'documents.title': 'Documents of {organization}',
    'documents.lead':
      'Your compliance plan, policies, training materials and evidence. Files are checked by their content, kept private, and only members of your organization can open them.',
    'documents.listHeading': 'Documents',
    'documents.none': 'No documents yet. Upload your compliance plan to begin.',
    'documents.column.kind': 'Kind',
    'documents.column.name': 'File',
    'documents.column.version': 'Version',
    'documents.column.size': 'Size',
    'documents.column.uploaded': 'Uploaded',
    'documents.column.planElements': 'Plan elements covered',
    'documents.column.actions': 'Actions',
    'documents.versionOf': '{version} of {count}',
    'documents.uploadedBy': '{date} by {name}',
    'documents.uploadedByUnknown': '{date}',
    'documents.pages': 'pages {pages}',
    'documents.notApplicable': '—',
    'documents.contract': 'Contract {number}',
    'documents.download': 'Download',
    'documents.downloadNamed': 'Download {name}',
    'documents.preview': 'Open PDF',
    'documents.previewNamed': 'Open {name} in the browser',
    'documents.newVersion': 'Upload a new version',
    'documents.newVersionNamed': 'Upload a new version of {name}',

    'documents.kind.compliance_plan': 'Compliance plan',
    'documents.kind.policy': 'Anti-trafficking policy',
    'documents.kind.training_material': 'Training material',
    'documents.kind.evidence': 'Evidence',
    'documents.kind.other': 'Other',

    'documents.upload.heading': 'Upload a document',
    'documents.upload.versionHeading': 'Upload a new version of {name}',
    'documents.upload.versionLead': 'The new file becomes version {version}. Earlier versions are kept.',
    'documents.upload.cancelVersion': 'Upload a different document instead',
    'documents.upload.kind': 'Kind of document',
    'documents.upload.file': 'File',
    'documents.upload.fileHint.written': 'PDF or Word (.docx), up to {limit} MB. Password-protected PDFs cannot be reviewed.',
    'documents.upload.fileHint.any': 'PDF, Word (.docx), PNG or JPEG, up to {limit} MB. Password-protected PDFs cannot be reviewed.',
    'documents.upload.contract': 'Contract (optional)',
    'documents.upload.contractHint': 'Only contracts on which your organization is the prime contractor are listed.',
    'documents.upload.noContract': 'Not for one contract',
    'documents.upload.submit': 'Upload',
    'documents.upload.submitting': 'Uploading…',
    'documents.upload.done': '“{name}” was uploaded as version {version}.',
    'documents.upload.notAllowed': 'Your role cannot upload documents. Ask an owner or administrator.',

    'documents.plan.legend': 'Compliance plan elements covered',
    'documents.plan.hint':
      'FAR 52.222-50(h)(3) and (h)(4). Check each element this plan covers and give the pages where a reviewer finds it, for example 4-6, 9.',
    'documents.plan.pagesFor': 'Pages for {citation}',
    'documents.plan.element.i': '(h)(3)(i) Awareness program',
    'documents.plan.element.ii': '(h)(3)(ii) Process for employees to report violations without fear of retaliation, with the hotline',
    'documents.plan.element.iii': '(h)(3)(iii) Recruitment and wage plan: trained recruiters, no recruitment fees, lawful wages',
    'documents.plan.element.iv': '(h)(3)(iv) Housing plan, if housing is provided or arranged',
    'documents.plan.element.v':
      '(h)(3)(v) Procedures to prevent, monitor, detect and terminate agents and subcontractors that engage in trafficking',
    'documents.plan.element.h4': '(h)(4) Relevant contents posted at the workplace and on the website',

    'documents.errors.noFile': 'Choose a file to upload.',
    'documents.errors.empty': 'The file is empty. Choose it again; if this keeps happening, save it again from the program that made it.',
    'documents.errors.tooLarge':
      'The file is larger than {limit} MB. Make it smaller (for example, save the PDF with a lower image quality) or split it, then upload again.',
    'documents.errors.typeNotAllowed':
      'This file is not a PDF or Word document, whatever its name says. Save it as PDF or as a Word document (.docx) and upload again.',
    'documents.errors.typeNotAllowedEvidence':
      'This file is not a PDF, a Word document, or a PNG or JPEG image, whatever its name says. Save it in one of these formats and upload again.',
    'documents.errors.encryptedPdf': 'This PDF is protected with a password, so reviewers cannot open it. Remove the password and upload again.',
    'documents.errors.corruptPdf':
      'This PDF is damaged or incomplete (perhaps a download or a copy was cut short). Save or export it again and upload the new file.',
    'documents.errors.unreadable': 'The upload could not be read. Please choose the file and try again.',
    'documents.errors.kind': 'Choose the kind of document.',
    'documents.errors.contract': 'Choose one of your organization’s contracts.',
    'documents.errors.series': 'This document no longer exists. Reload the page and try again.',
    'documents.errors.kindMismatch': 'A new version must be the same kind of document as the earlier ones.',
    'documents.errors.pages': 'Give pages as numbers and ranges, for example 4-6, 9.',
    'documents.errors.pagesRequired': 'Give the pages where this element is covered.',
    'documents.errors.pagesTooLong': 'Use at most 100 characters.',
    'documents.errors.planElementTwice': 'Each plan element can be listed only once.',
  },
  es: {
    'documents.title': 'Documentos de {organization}',
    'documents.lead':
      'Su plan de cumplimiento, políticas, materiales de capacitación y pruebas. Revisamos cada archivo por su contenido, lo guardamos en privado y solo los miembros de su organización pueden abrirlo.',
    'documents.listHeading': 'Documentos',
    'documents.none': 'Todavía no hay documentos. Empiece por subir su plan de cumplimiento.',
    'documents.column.kind': 'Tipo',
    'documents.column.name': 'Archivo',
    'documents.column.version': 'Versión',
    'documents.column.size': 'Tamaño',
    'documents.column.uploaded': 'Subido',
    'documents.column.planElements': 'Elementos del plan que cubre',
    'documents.column.actions': 'Acciones',
    'documents.versionOf': '{version} de {count}',
    'documents.uploadedBy': '{date}, por {name}',
    'documents.uploadedByUnknown': '{date}',
    'documents.pages': 'págs. {pages}',
    'documents.notApplicable': '—',
    'documents.contract': 'Contrato {number}',
    'documents.download': 'Descargar',
    'documents.downloadNamed': 'Descargar {name}',
    'documents.preview': 'Abrir PDF',
    'documents.previewNamed': 'Abrir {name} en el navegador',
    'documents.newVersion': 'Subir una nueva versión',
    'documents.newVersionNamed': 'Subir una nueva versión de {name}',

    'documents.kind.compliance_plan': 'Plan de cumplimiento',
    'documents.kind.policy': 'Política contra la trata de personas',
    'documents.kind.training_material': 'Material de capacitación',
    'documents.kind.evidence': 'Prueba documental',
    'documents.kind.other': 'Otro',

    'documents.upload.heading': 'Subir un documento',
    'documents.upload.versionHeading': 'Subir una nueva versión de {name}',
    'documents.upload.versionLead': 'El archivo nuevo será la versión {version}. Las versiones anteriores se conservan.',
    'documents.upload.cancelVersion': 'Subir otro documento en su lugar',
    'documents.upload.kind': 'Tipo de documento',
    'documents.upload.file': 'Archivo',
    'documents.upload.fileHint.written':
      'PDF o Word (.docx), de hasta {limit} MB. Los PDF protegidos con contraseña no se pueden revisar.',
    'documents.upload.fileHint.any':
      'PDF, Word (.docx), PNG o JPEG, de hasta {limit} MB. Los PDF protegidos con contraseña no se pueden revisar.',
    'documents.upload.contract': 'Contrato (opcional)',
    'documents.upload.contractHint': 'Solo aparecen los contratos en los que su organización es el contratista principal.',
    'documents.upload.noContract': 'No es para un contrato concreto',
    'documents.upload.submit': 'Subir',
    'documents.upload.submitting': 'Subiendo…',
    'documents.upload.done': 'Se subió «{name}» como versión {version}.',
    'documents.upload.notAllowed': 'Su función no permite subir documentos. Pídaselo a un propietario o administrador.',

    'documents.plan.legend': 'Elementos del plan de cumplimiento que cubre',
    'documents.plan.hint':
      'FAR 52.222-50(h)(3) y (h)(4). Marque cada elemento que cubre este plan e indique las páginas donde el revisor lo encontrará, por ejemplo 4-6, 9.',
    'documents.plan.pagesFor': 'Páginas de {citation}',
    'documents.plan.element.i': '(h)(3)(i) Programa de concienciación',
    'documents.plan.element.ii':
      '(h)(3)(ii) Procedimiento para que los empleados denuncien infracciones sin miedo a represalias, con la línea de ayuda',
    'documents.plan.element.iii':
      '(h)(3)(iii) Plan de contratación y salarios: reclutadores capacitados, sin cuotas de contratación, salarios conforme a la ley',
    'documents.plan.element.iv': '(h)(3)(iv) Plan de vivienda, si se proporciona o se gestiona vivienda',
    'documents.plan.element.v':
      '(h)(3)(v) Procedimientos para prevenir, vigilar, detectar y rescindir a agentes y subcontratistas que participen en la trata',
    'documents.plan.element.h4': '(h)(4) Contenido pertinente publicado en el lugar de trabajo y en el sitio web',

    'documents.errors.noFile': 'Elija un archivo para subir.',
    'documents.errors.empty':
      'El archivo está vacío. Vuelva a elegirlo; si sigue pasando, guárdelo de nuevo desde el programa con el que lo creó.',
    'documents.errors.tooLarge':
      'El archivo pesa más de {limit} MB. Redúzcalo (por ejemplo, guarde el PDF con menor calidad de imagen) o divídalo, y vuelva a subirlo.',
    'documents.errors.typeNotAllowed':
      'Este archivo no es un PDF ni un documento de Word, diga lo que diga su nombre. Guárdelo como PDF o como documento de Word (.docx) y vuelva a subirlo.',
    'documents.errors.typeNotAllowedEvidence':
      'Este archivo no es un PDF, un documento de Word ni una imagen PNG o JPEG, diga lo que diga su nombre. Guárdelo en uno de esos formatos y vuelva a subirlo.',
    'documents.errors.encryptedPdf':
      'Este PDF está protegido con contraseña y los revisores no podrán abrirlo. Quítele la contraseña y vuelva a subirlo.',
    'documents.errors.corruptPdf':
      'Este PDF está dañado o incompleto (quizá una descarga o una copia se interrumpió). Vuelva a guardarlo o exportarlo y suba el archivo nuevo.',
    'documents.errors.unreadable': 'No pudimos leer lo que se envió. Vuelva a elegir el archivo e inténtelo de nuevo.',
    'documents.errors.kind': 'Elija el tipo de documento.',
    'documents.errors.contract': 'Elija uno de los contratos de su organización.',
    'documents.errors.series': 'Este documento ya no existe. Vuelva a cargar la página e inténtelo de nuevo.',
    'documents.errors.kindMismatch': 'Una nueva versión debe ser del mismo tipo de documento que las anteriores.',
    'documents.errors.pages': 'Indique las páginas con números y rangos, por ejemplo 4-6, 9.',
    'documents.errors.pagesRequired': 'Indique las páginas donde se cubre este elemento.',
    'documents.errors.pagesTooLong': 'Use como máximo 100 caracteres.',
    'documents.errors.planElementTwice': 'Cada elemento del plan solo puede aparecer una vez.',
  },
})
