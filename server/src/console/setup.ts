import { sql } from 'kysely';
import { Type, type Static } from 'typebox';
import type { AppContext } from '../platform/context.ts';
import type { Db, Executor } from '../platform/database.ts';
import { ApiError } from '../platform/errors.ts';
import type { App } from '../platform/http.ts';
import { errorResponses } from '../platform/schemas.ts';
import { ADMIN_ROLE_ID } from '../management-api/constants.ts';
import { Email, Password, Username } from '../users/schemas.ts';
import { createUser } from '../users/service.ts';

/** Serialises first-run setup across requests and nodes (pg_advisory_xact_lock key). */
const SETUP_LOCK_ID = 7_041_202_605;

export const SetupStatus = Type.Object({
  needsAdministrator: Type.Boolean({ description: 'True until some user holds the built-in `admin` role.' }),
});

export const CreateAdministratorBody = Type.Object({
  username: Username,
  primaryEmail: Type.Optional(Email),
  name: Type.Optional(Type.String({ maxLength: 128 })),
  password: Password,
});
export type CreateAdministratorBody = Static<typeof CreateAdministratorBody>;

export const CreatedAdministrator = Type.Object({
  id: Type.String(),
  username: Type.String(),
});

async function hasAdministrator(db: Executor): Promise<boolean> {
  const row = await db.selectFrom('usersRoles').select('userId').where('roleId', '=', ADMIN_ROLE_ID).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Creates the first Console administrator: a user holding the built-in `admin` role. Under an
 * advisory transaction lock, so that two racing requests create one administrator, not two.
 */
export async function createFirstAdministrator(db: Db, input: CreateAdministratorBody) {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${SETUP_LOCK_ID})`.execute(tx);
    if (await hasAdministrator(tx)) throw new ApiError('console.already_set_up');
    const user = await createUser(tx, input);
    await tx.insertInto('usersRoles').values({ userId: user.id, roleId: ADMIN_ROLE_ID }).execute();
    return { id: user.id, username: input.username };
  });
}

const tags = ['Console'];

/**
 * First-run setup, outside /api and without a token: it exists only while nobody administers
 * Guildhall, and answers 409 `console.already_set_up` ever after.
 */
export async function consoleSetupRoutes(app: App, { db }: AppContext) {
  app.get(
    '/console-setup',
    {
      schema: {
        tags,
        summary: 'Whether the Console still needs its first administrator',
        security: [],
        response: { 200: SetupStatus, ...errorResponses(409) },
      },
    },
    async (_request, reply) => {
      if (await hasAdministrator(db)) throw new ApiError('console.already_set_up');
      void reply.header('cache-control', 'no-store');
      return { needsAdministrator: true };
    },
  );

  app.post(
    '/console-setup',
    {
      schema: {
        tags,
        summary: 'Create the first Console administrator',
        description: 'Works once: creates a user with the built-in `admin` role. Afterwards it answers 409.',
        security: [],
        body: CreateAdministratorBody,
        response: { 201: CreatedAdministrator, ...errorResponses(400, 409, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await createFirstAdministrator(db, request.body)),
  );
}
