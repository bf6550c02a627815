export {
  createOrganizationTokenVerifier,
  verifyOrganizationToken,
  type OrganizationAuth,
  type OrganizationTokenRequirement,
  type OrganizationTokenVerifier,
} from './verifier.ts';
export type { AsymmetricAlgorithm, OrganizationTokenVerifierOptions } from './options.ts';
export { OrganizationTokenError, errorStatus, type OrganizationTokenErrorCode } from './errors.ts';
export { authorizeRequest, errorResponse, readBearerToken, type ErrorResponse, type RequireOrganizationScopesOptions } from './http.ts';
export { organizationAudiencePrefix } from './audience.ts';
