// GET /api/v1/openapi.json: the OpenAPI 3.1 description of the public verification API
// (product.md §6). Only what exists is described.

const isoDate = { type: 'string', format: 'date-time' } as const

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Trafficking-Free Vendor Portal: certificate verification',
    version: '1.0.0',
    description:
      'Public, read-only status of anti-trafficking certificates. No authentication. Responses are not cached without revalidation: send If-None-Match with the last ETag to get 304 when nothing changed.',
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
            description: 'Certificate number, e.g. 7QK2M-X9D4R-T (Crockford base32 with a check character; case and dashes are ignored).',
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
  },
  components: {
    schemas: {
      CertificateStatus: {
        type: 'object',
        additionalProperties: false,
        required: ['number', 'status', 'vendor', 'agency', 'scope', 'issuedAt', 'validFrom', 'validUntil', 'revokedAt', 'revocationReason', 'supersededBy'],
        properties: {
          number: { type: 'string' },
          status: { type: 'string', enum: ['valid', 'expired', 'revoked', 'superseded'] },
          vendor: {
            type: 'object',
            required: ['legalName', 'uei'],
            properties: { legalName: { type: 'string' }, uei: { type: ['string', 'null'], description: 'SAM Unique Entity ID' } },
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
