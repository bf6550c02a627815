import type { paths } from './client.ts';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Success<R> = R extends { 200: infer S } ? Json<S> : R extends { 201: infer S } ? Json<S> : never;

/** The success body of an operation, from the generated OpenAPI types. */
export type ResponseOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R } ? Success<R> : never;
type Item<T> = T extends Array<infer I> ? I : never;

export type Organization = ResponseOf<'/api/organizations/{id}', 'get'>;
export type OrganizationListItem = Item<ResponseOf<'/api/organizations', 'get'>>;
export type Member = Item<ResponseOf<'/api/organizations/{id}/users', 'get'>>;
export type OrganizationApp = Item<ResponseOf<'/api/organizations/{id}/applications', 'get'>>;
export type OrganizationRoleWithScopes = Item<ResponseOf<'/api/organization-roles', 'get'>>;
export type OrganizationRole = ResponseOf<'/api/organization-roles/{id}', 'get'>;
export type OrganizationScope = Item<ResponseOf<'/api/organization-scopes', 'get'>>;
export type User = ResponseOf<'/api/users/{userId}', 'get'>;
export type UserOrganization = Item<ResponseOf<'/api/users/{userId}/organizations', 'get'>>;
export type Application = ResponseOf<'/api/applications/{applicationId}', 'get'>;
export type RoleType = OrganizationRole['type'];
export type Resource = ResponseOf<'/api/resources/{id}', 'get'>;
export type ResourceWithScopes = Item<ResponseOf<'/api/resources', 'get'>>;
export type ResourceScope = Item<ResponseOf<'/api/resources/{resourceId}/scopes', 'get'>>;
