import { Type, type Static, type TSchema } from 'typebox';
import type { App } from './http.ts';
import { PaginationQuery, optionalPage, requiredPage, setPageHeaders, type Page } from './pagination.ts';
import { IdList, NoContent, errorResponses } from './schemas.ts';

const Id = Type.String({ minLength: 1, maxLength: 256 });
/** 201 with an empty body, as Logto's relation adds answer. */
const Created = Type.Unsafe<undefined>({ description: 'Created (no body)' });

/**
 * What a relation between a parent entity and its linked entities can do. Each function is a
 * service call that owns its transaction and rules; the helper only wires HTTP to it.
 */
export interface RelationService<Item> {
  list(parentId: string, page: Page | undefined): Promise<{ rows: Item[]; total: number }>;
  /** Links the ids (idempotent); unknown ids fail the whole call. */
  add(parentId: string, ids: string[]): Promise<void>;
  /** Replaces every link with exactly these ids (optional: not every relation has PUT). */
  replace?: (parentId: string, ids: string[]) => Promise<void>;
  /** Unlinks one id; fails with 404 when it is not linked. */
  remove(parentId: string, childId: string): Promise<void>;
}

export interface RelationRoutesOptions<Item extends TSchema> {
  tags: string[];
  /** The parent's collection path and its id parameter, e.g. `/organization-roles` and `id`. */
  parentPath: string;
  parentParam: string;
  /** The relation's segment, e.g. `scopes`. */
  path: string;
  /** The body key holding ids, e.g. `organizationScopeIds`. */
  bodyKey: string;
  /** The path parameter naming one linked entity, e.g. `organizationScopeId`. */
  childParam: string;
  /** The schema of one linked entity in the GET response. */
  item: Item;
  /** Optional: the whole list without paging parameters; required: 20 per page by default. */
  pagination: 'optional' | 'required';
  /** Words for the OpenAPI summaries, e.g. `organization scopes` of `an organization role`. */
  noun: { items: string; parent: string };
  service: RelationService<Static<Item>>;
}

/**
 * The relation routes Logto's SchemaRouter produces (reference §2.0): GET the linked entities,
 * POST `{ <bodyKey>: [...] }` to add (201), PUT to replace all (204), DELETE one (204).
 */
export function relationRoutes<Item extends TSchema>(app: App, options: RelationRoutesOptions<Item>): void {
  const { tags, parentParam, childParam, bodyKey, noun, service } = options;
  const base = `${options.parentPath}/:${parentParam}/${options.path}`;
  const params = Type.Object({ [parentParam]: Id });
  const childParams = Type.Object({ [parentParam]: Id, [childParam]: Id });
  const addBody = Type.Object({ [bodyKey]: IdList({ minItems: 1 }) }, { required: [bodyKey] });
  const replaceBody = Type.Object({ [bodyKey]: IdList() }, { required: [bodyKey] });
  // The schemas above validated these shapes; the keys are only known at run time.
  const param = (request: { params: unknown }, key: string) => (request.params as Record<string, string>)[key]!;
  const ids = (request: { body: unknown }) => [...new Set((request.body as Record<string, string[]>)[bodyKey])];

  app.get(
    base,
    {
      schema: {
        tags,
        summary: `List the ${noun.items} of ${noun.parent}`,
        description:
          options.pagination === 'optional'
            ? 'Without `page` or `page_size`, the whole list is returned (no `Total-Number` header).'
            : 'Paginated: 20 per page by default, at most 100.',
        params,
        querystring: PaginationQuery,
        response: { 200: Type.Array(options.item), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const query = request.query as PaginationQuery;
      const page = options.pagination === 'optional' ? optionalPage(query) : requiredPage(query);
      const { rows, total } = await service.list(param(request, parentParam), page);
      if (page) setPageHeaders(request, reply, page, total);
      return rows;
    },
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: `Add ${noun.items} to ${noun.parent}`,
        description: 'Ids already linked are ignored. An unknown id fails the whole request with 422.',
        params,
        body: addBody,
        response: { 201: Created, ...errorResponses(400, 404, 422) },
      },
    },
    async (request, reply) => {
      await service.add(param(request, parentParam), ids(request));
      return reply.status(201).send();
    },
  );

  const replace = service.replace;
  if (replace) {
    app.put(
      base,
      {
        schema: {
          tags,
          summary: `Replace the ${noun.items} of ${noun.parent}`,
          description: 'Exactly these ids stay linked (an empty list removes all), in one transaction.',
          params,
          body: replaceBody,
          response: { 204: NoContent, ...errorResponses(400, 404, 422) },
        },
      },
      async (request, reply) => {
        await replace(param(request, parentParam), ids(request));
        return reply.status(204).send(null);
      },
    );
  }

  app.delete(
    `${base}/:${childParam}`,
    {
      schema: {
        tags,
        summary: `Remove one of the ${noun.items} from ${noun.parent}`,
        params: childParams,
        response: { 204: NoContent, ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      await service.remove(param(request, parentParam), param(request, childParam));
      return reply.status(204).send(null);
    },
  );
}
