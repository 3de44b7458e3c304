import fs from 'node:fs/promises'
import path from 'node:path'

// The sample CSV offered on the import page (templates/training/sample-import.csv): fictional
// workers only, so it is public like any other template.

export async function loader() {
  const csv = await fs.readFile(path.resolve('templates', 'training', 'sample-import.csv'))
  return new Response(csv, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="sample-import.csv"',
      'Cache-Control': 'public, max-age=3600',
    },
  })
}
