/** Page numbers to show: the first, the last, and the current one with its neighbours; null is a gap. */
export function visiblePages(page: number, pageCount: number): (number | null)[] {
  const wanted = new Set([1, pageCount, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pageCount))
  const sorted = [...wanted].sort((a, b) => a - b)
  const result: (number | null)[] = []
  for (const [index, p] of sorted.entries()) {
    const previous = sorted[index - 1]
    if (previous !== undefined && p - previous > 1) result.push(null)
    result.push(p)
  }
  return result
}
