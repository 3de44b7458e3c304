import { MAX_VERIFY_PDF_BYTES, PDF_CHECK_IDS, PDF_VERDICTS } from '~/certificates/verify-pdf-checks'

// GET /api/v1/openapi.json: the OpenAPI 3.1 description of the public verification API
// (product.md §6). Only what exists is described.

const isoDate = { type: 'string', format: 'date-time' } as const

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Trafficking-Free Vendor Portal: certificate verification',
    version: '1.0.0',
    description:
      'Public status of anti-trafficking certificates, and a check of certificate PDF files. No authentication. Responses are not cached without revalidation: send If-None-Match with the last ETag to get 304 when nothing changed.',
  },
  paths: {
    '/api/v1/certificates/{number}': {
      get: {
        operationId: 'getCertificateStatus',
        summary: 'Status of a certificate',
        description:
          'The current status of the certificate with this number: valid, expired (validUntil has passed), revoked (with date and reason) or superseded (with the number of the certificate that replaced it).',
        parameters: [
          {
            name: 'number',
            in: 'path',
            required: true,
            description:
              'Certificate number, e.g. 7QK2M-X9D4R-T (Crockford base32 with a check character; case and dashes are ignored).',
            schema: { type: 'string', examples: ['7QK2M-X9D4R-T'] },
          },
          {
            name: 'If-None-Match',
            in: 'header',
            required: false,
            description: 'An ETag from an earlier response: 304 when the status has not changed since.',
            schema: { type: 'string' },
          },
        ],
        responses: {
          '200': {
            description: 'The certificate exists.',
            headers: {
              ETag: { description: 'Changes whenever any status field changes.', schema: { type: 'string' } },
              'Cache-Control': { schema: { type: 'string', const: 'no-cache, must-revalidate' } },
            },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/CertificateStatus' } } },
          },
          '304': { description: 'Not modified: the If-None-Match ETag is still current.' },
          '404': {
            description: 'No certificate with this number (unknown, or not a well-formed number).',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
      },
    },
    '/api/v1/verify': {
      post: {
        operationId: 'verifyCertificatePdf',
        summary: 'Check a certificate PDF file',
        description:
          "Upload a certificate PDF (multipart/form-data, field `file`). The portal checks, in order: the file is not empty, within the size limit, a PDF, complete; it carries a signature whose byte range covers the whole file with nothing appended; the signature data is well-formed, its message digest matches the signed bytes, and the signature verifies with the embedded signer certificate; the signer is one of the portal's signing keys (current or retired); and the file is byte for byte the one the portal issued. Every file that arrives gets 200 with a `verdict` (the first failed check decides it) and the checks; the HTTP status is an error only when there is no file to check. Nothing is stored.",
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['file'],
                properties: {
                  file: {
                    type: 'string',
                    contentMediaType: 'application/pdf',
                    description: `The certificate file, at most ${MAX_VERIFY_PDF_BYTES} bytes.`,
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The file was checked; `verdict` is the answer (authentic only when every check passed).',
            headers: { 'Cache-Control': { schema: { type: 'string', const: 'no-store' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/PdfVerification' } } },
          },
          '400': {
            description:
              'Not a multipart/form-data request (`not_multipart`), no file in the field `file` (`no_file`), or an unreadable body (`unreadable`).',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/VerifyError' } } },
          },
          '413': {
            description: `The file is larger than ${MAX_VERIFY_PDF_BYTES} bytes (\`too_large\`).`,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/VerifyError' } } },
          },
          '429': {
            description: 'Too many checks from this address (`rate_limited`); retry after the Retry-After seconds.',
            headers: { 'Retry-After': { schema: { type: 'integer' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/VerifyError' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      PdfVerification: {
        type: 'object',
        required: ['verdict', 'checks', 'file'],
        properties: {
          verdict: {
            type: 'string',
            enum: [...PDF_VERDICTS],
            description:
              'authentic: every check passed. not_current_copy: signed by the portal but not the file on record (the certificate was issued as a newer file; `certificate` says which). Any other value names what failed: empty, too_large, not_pdf, truncated, no_signature, appended (bytes added after signing), malformed_signature, digest_mismatch (edited), bad_signature, foreign_signer, not_registered.',
          },
          checks: {
            type: 'array',
            description: 'Every check in the order it runs.',
            items: {
              type: 'object',
              required: ['id', 'status'],
              properties: {
                id: { type: 'string', enum: [...PDF_CHECK_IDS] },
                status: { type: 'string', enum: ['passed', 'failed', 'not_reached'] },
              },
            },
          },
          file: {
            type: 'object',
            required: ['sha256', 'sizeBytes'],
            properties: {
              sha256: { type: 'string', description: 'Hex SHA-256 of the uploaded bytes.' },
              sizeBytes: { type: 'integer' },
            },
          },
          certificate: {
            $ref: '#/components/schemas/CertificateStatus',
            description: "Present when the file is authentic or not_current_copy: the certificate's current status.",
          },
        },
      },
      VerifyError: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'string',
            enum: ['not_multipart', 'no_file', 'unreadable', 'too_large', 'rate_limited', 'method_not_allowed'],
          },
        },
      },
      CertificateStatus: {
        type: 'object',
        additionalProperties: false,
        required: [
          'number',
          'status',
          'vendor',
          'agency',
          'scope',
          'issuedAt',
          'validFrom',
          'validUntil',
          'revokedAt',
          'revocationReason',
          'supersededBy',
        ],
        properties: {
          number: { type: 'string' },
          status: { type: 'string', enum: ['valid', 'expired', 'revoked', 'superseded'] },
          vendor: {
            type: 'object',
            required: ['legalName', 'uei'],
            properties: {
              legalName: { type: 'string' },
              uei: { type: ['string', 'null'], description: 'SAM Unique Entity ID' },
            },
          },
          agency: {
            type: ['object', 'null'],
            required: ['legalName'],
            properties: { legalName: { type: 'string' } },
          },
          scope: {
            type: 'object',
            required: ['contractNumbers'],
            properties: { contractNumbers: { type: 'array', items: { type: 'string' } } },
          },
          issuedAt: isoDate,
          validFrom: isoDate,
          validUntil: isoDate,
          revokedAt: { type: ['string', 'null'], format: 'date-time' },
          revocationReason: { type: ['string', 'null'] },
          supersededBy: { type: ['string', 'null'], description: 'Number of the certificate that replaced this one.' },
        },
      },
      Error: {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'string', enum: ['not_found'] } },
      },
    },
  },
} as const

export async function loader() {
  return new Response(JSON.stringify(openApiDocument, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=3600',
    },
  })
}
