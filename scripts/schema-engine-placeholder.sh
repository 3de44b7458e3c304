#!/bin/sh
# Stand-in for Prisma's native schema engine (see scripts/prisma.mjs and
# docs/decisions/002-migration-applier.md). Migrations are applied by the portal's own applier.
echo "The Prisma schema engine is not installed. Migrations are applied by 'npm start' and the tests;" >&2
echo "to use 'prisma migrate' commands, set PRISMA_SCHEMA_ENGINE_BINARY to a real schema engine." >&2
exit 1
