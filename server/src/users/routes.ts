import { Type } from 'typebox';
import type { App } from '../platform/http.ts';
import type { AppContext } from '../platform/context.ts';
import { requiredPage, setListHeaders } from '../platform/pagination.ts';
import { NoContent, errorResponses } from '../platform/schemas.ts';
import { CreateUserBody, ListUsersQuery, Password, UpdateUserBody, UserIdParams, UserSchema } from './schemas.ts';
import * as users from './service.ts';

const tags = ['Users'];

export async function userRoutes(app: App, { db }: AppContext) {
  app.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'List users',
        description:
          'Newest first (`createdAt desc, id desc`). `search` matches id, username, email, phone and name (case-insensitive ' +
          'substring). Paginated by `page` and `page_size` (`Total-Number` and `Link` headers), or, to walk a long list (an ' +
          'export, a sync), by key: `before=<user id>` (usually the last of the previous page) lists the users after that one, ' +
          'at the same cost at any depth and without shifting when users are created meanwhile (no `Total-Number`; `Link` ' +
          'has `next` while pages are full).',
        querystring: ListUsersQuery,
        response: { 200: Type.Array(UserSchema), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const page = requiredPage(request.query);
      const { rows, total } = await users.listUsers(db, request.query, page);
      setListHeaders(request, reply, page, { rows, total });
      return rows;
    },
  );

  app.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Create a user',
        body: CreateUserBody,
        response: { 200: UserSchema, ...errorResponses(400, 422) },
      },
    },
    async (request) => users.createUser(db, request.body),
  );

  app.get(
    '/users/:userId',
    {
      schema: { tags, summary: 'Get a user', params: UserIdParams, response: { 200: UserSchema, ...errorResponses(404) } },
    },
    async (request) => users.getUser(db, request.params.userId),
  );

  app.patch(
    '/users/:userId',
    {
      schema: {
        tags,
        summary: 'Update a user',
        description: 'JSON fields (`customData`, `profile`) are replaced, not merged.',
        params: UserIdParams,
        body: UpdateUserBody,
        response: { 200: UserSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => users.updateUser(db, request.params.userId, request.body),
  );

  app.patch(
    '/users/:userId/password',
    {
      schema: {
        tags,
        summary: "Set a user's password",
        params: UserIdParams,
        body: Type.Object({ password: Password }, { required: ['password'] }),
        response: { 200: UserSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => users.setPassword(db, request.params.userId, request.body.password),
  );

  app.patch(
    '/users/:userId/is-suspended',
    {
      schema: {
        tags,
        summary: 'Suspend or reactivate a user',
        description: 'A suspended user cannot sign in, refresh tokens or get organization tokens.',
        params: UserIdParams,
        body: Type.Object({ isSuspended: Type.Boolean() }),
        response: { 200: UserSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => users.setSuspended(db, request.params.userId, request.body.isSuspended),
  );

  app.delete(
    '/users/:userId',
    {
      schema: { tags, summary: 'Delete a user', params: UserIdParams, response: { 204: NoContent, ...errorResponses(404, 422) } },
    },
    async (request, reply) => {
      await users.deleteUser(db, request.params.userId);
      return reply.status(204).send(null);
    },
  );
}
