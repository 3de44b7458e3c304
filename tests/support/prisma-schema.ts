import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

// Reads prisma/schema.prisma through Prisma's own schema parser (the WebAssembly build of
// prisma-fmt), so tests compare the database against what Prisma understands, not a regex.
const require = createRequire(import.meta.url)
const schemaWasm: { get_dmmf(params: string): string } = require('@prisma/prisma-schema-wasm')

export type DmmfField = {
  name: string
  kind: 'scalar' | 'object' | 'enum' | 'unsupported'
  isList: boolean
  isRequired: boolean
  isId: boolean
  isUpdatedAt: boolean
  hasDefaultValue: boolean
  type: string
  dbName?: string | null
  nativeType?: [string, string[]] | null
  default?: unknown
  relationFromFields?: string[]
  relationToFields?: string[]
  relationOnDelete?: string
  relationOnUpdate?: string
}
export type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] }
export type DmmfIndex = {
  model: string
  type: 'id' | 'unique' | 'normal' | 'fulltext'
  dbName?: string | null
  fields: { name: string }[]
}
export type Datamodel = {
  enums: { name: string; dbName?: string | null; values: { name: string; dbName?: string | null }[] }[]
  models: DmmfModel[]
  indexes: DmmfIndex[]
}

export function readDatamodel(file = path.resolve('prisma', 'schema.prisma')): Datamodel {
  const schema = fs.readFileSync(file, 'utf8')
  const dmmf: { datamodel: Datamodel } = JSON.parse(
    schemaWasm.get_dmmf(JSON.stringify({ prismaSchema: [[path.basename(file), schema]] })),
  )
  return dmmf.datamodel
}
