import { Type, type Static } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `page` (1-based) and `page_size` (≤ 100), as Logto's Management API takes them. */
export const PaginationQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE })),
});
export type PaginationQuery = Static<typeof PaginationQuery>;

export interface Page {
  limit: number;
  offset: number;
  page: number;
  pageSize: number;
}

/** Pagination that always applies (default page size 20). */
export function requiredPage(query: PaginationQuery): Page {
  const page = query.page ?? 1;
  const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE;
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
}

/** Pagination that applies only when `page` or `page_size` is given; otherwise the whole list. */
export function optionalPage(query: PaginationQuery): Page | undefined {
  return query.page === undefined && query.page_size === undefined ? undefined : requiredPage(query);
}

/** Sets `Total-Number` and an RFC 8288 `Link` header (first, prev, next, last). */
export function setPageHeaders(request: FastifyRequest, reply: FastifyReply, page: Page, total: number): void {
  const lastPage = Math.max(1, Math.ceil(total / page.pageSize));
  // The request's own query, minus the paging parameters, then `page` and `page_size`.
  const url = new URL(request.url, 'http://placeholder');
  url.searchParams.delete('page');
  url.searchParams.delete('page_size');
  const prefix = `${url.pathname}?${url.search ? `${url.search.slice(1)}&` : ''}`;
  const link = (target: number, rel: string) => `<${prefix}page=${target}&page_size=${page.pageSize}>; rel="${rel}"`;
  const links = [link(1, 'first')];
  if (page.page > 1) links.push(link(Math.min(page.page - 1, lastPage), 'prev'));
  if (page.page < lastPage) links.push(link(page.page + 1, 'next'));
  links.push(link(lastPage, 'last'));
  void reply.header('Total-Number', String(total)).header('Link', links.join(', '));
}

/**
 * Keyset paging (`before=<id>`): no total, and a `Link` to the next page — the entries older than
 * this page's last — only when this page is full.
 */
export function setKeysetHeaders(request: FastifyRequest, reply: FastifyReply, page: Page, rows: ReadonlyArray<{ id: string }>): void {
  const last = rows.at(-1);
  if (rows.length < page.pageSize || !last) return;
  const url = new URL(request.url, 'http://placeholder');
  for (const name of ['page', 'page_size', 'before']) url.searchParams.delete(name);
  url.searchParams.set('before', last.id);
  url.searchParams.set('page_size', String(page.pageSize));
  void reply.header('Link', `<${url.pathname}${url.search}>; rel="next"`);
}

/**
 * The headers of a list that pages by number or by key: `Total-Number` and the page links when a
 * total was counted, the keyset `next` link when it was not (a `before` page).
 */
export function setListHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  page: Page,
  { rows, total }: { rows: ReadonlyArray<{ id: string }>; total: number | undefined },
): void {
  if (total === undefined) setKeysetHeaders(request, reply, page, rows);
  else setPageHeaders(request, reply, page, total);
}

/**
 * The error for a keyset page that came back empty because the item named by `before` no longer
 * exists (deleted since the previous page): an empty page would end a walk through the list
 * early without a word.
 */
export function keysetCursorGone(entity: string, id: string): ApiError {
  return new ApiError('guard.invalid_pagination', {
    field: 'before',
    reason: `${entity} ${id} does not exist (deleted since the previous page?): continue from an earlier ${entity} of that page, or start again`,
  });
}

/**
 * A page and its total in one round trip: the list query carries the total as an uncorrelated
 * scalar subquery (`(select count(*) …) as total`, computed once by PostgreSQL) in every row.
 * Only an empty page past the first needs the separate `count`. The rows keep their `total`
 * column: the route's response schema leaves it out, so it is not worth a copy of every row.
 */
export async function withTotal<Row extends { total: number | null }>(
  rows: Row[],
  page: Page,
  count: () => Promise<number>,
): Promise<{ rows: Row[]; total: number }> {
  const total = rows[0]?.total ?? (page.offset === 0 ? 0 : await count());
  return { rows, total };
}

/**
 * A list with optional pagination: everything when `page` is undefined (no count needed), else
 * the page and the `count` of the whole filtered list.
 */
export async function optionallyPaged<Row>(
  rows: { execute(): Promise<Row[]>; limit(limit: number): { offset(offset: number): { execute(): Promise<Row[]> } } },
  count: () => Promise<{ count: number }>,
  page: Page | undefined,
): Promise<{ rows: Row[]; total: number }> {
  if (!page) {
    const all = await rows.execute();
    return { rows: all, total: all.length };
  }
  const [items, total] = await Promise.all([rows.limit(page.limit).offset(page.offset).execute(), count()]);
  return { rows: items, total: total.count };
}
