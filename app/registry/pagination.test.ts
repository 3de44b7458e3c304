import { expect, test } from 'vitest'
import { visiblePages } from './pagination'

test('the first, the last and the neighbours of the current page, with gaps', () => {
  expect(visiblePages(1, 1)).toEqual([1])
  expect(visiblePages(1, 2)).toEqual([1, 2])
  expect(visiblePages(2, 2)).toEqual([1, 2])
  expect(visiblePages(1, 10)).toEqual([1, 2, null, 10])
  expect(visiblePages(5, 10)).toEqual([1, null, 4, 5, 6, null, 10])
  expect(visiblePages(3, 10)).toEqual([1, 2, 3, 4, null, 10])
  expect(visiblePages(10, 10)).toEqual([1, null, 9, 10])
})
