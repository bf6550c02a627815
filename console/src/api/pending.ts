/**
 * Operations the Console uses that the server does not publish yet, typed after the reference
 * wire format. Once a route lands, the generated type (schema.d.ts) takes precedence and the
 * entry here is ignored; delete entries as they land.
 */
type ErrorBody = { code: string; message: string; data?: unknown };
type Json<T> = { headers: Record<string, unknown>; content: { 'application/json': T } };
type Errors = { 400: Json<ErrorBody>; 404: Json<ErrorBody>; 422: Json<ErrorBody> };
type Empty = { headers: Record<string, unknown>; content?: never };
type Params<Path, Query> = { query?: Query; header?: never; cookie?: never } & ([Path] extends [never] ? { path?: never } : { path: Path });
type Get<Path, Query, Res> = { parameters: Params<Path, Query>; requestBody?: never; responses: { 200: Json<Res> } & Errors };
type Post<Path, Body, Res, Status extends 200 | 201 = 201> = {
  parameters: Params<Path, never>;
  requestBody: { content: { 'application/json': Body } };
  responses: { [S in Status]: Res extends null ? Empty : Json<Res> } & Errors;
};
type Base = { parameters: { query?: never; header?: never; path?: never; cookie?: never } };

export type Resource = { tenantId: string; id: string; name: string; indicator: string; isDefault: boolean; accessTokenTtl: number };
export type ResourceScope = { tenantId: string; id: string; resourceId: string; name: string; description: string | null; createdAt: number };
export type GlobalRole = { tenantId: string; id: string; name: string; description: string; type: 'User' | 'MachineToMachine'; isDefault: boolean };
type Page = { page?: number; page_size?: number };

export interface PendingPaths {
  '/api/resources': Base & {
    get: Get<never, Page & { includeScopes?: string }, Array<Resource & { scopes?: ResourceScope[] }>>;
    post: Post<never, { name: string; indicator: string; accessTokenTtl?: number }, Resource>;
  };
  '/api/resources/{resourceId}': Base & { get: Get<{ resourceId: string }, never, Resource> };
  '/api/resources/{resourceId}/scopes': Base & {
    get: Get<{ resourceId: string }, Page & { q?: string }, ResourceScope[]>;
    post: Post<{ resourceId: string }, { name: string; description?: string | null }, ResourceScope>;
  };
  '/api/applications/{applicationId}/roles': Base & {
    get: Get<{ applicationId: string }, Page, GlobalRole[]>;
    post: Post<{ applicationId: string }, { roleIds: string[] }, null>;
  };
}
