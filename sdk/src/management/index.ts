export { createManagementClient, type ManagementClient, type ManagementClientOptions } from './client.ts';
export { ManagementApiError } from './errors.ts';
export type {
  ManagementMethod,
  ManagementOperation,
  ManagementPath,
  ManagementRequestOptions,
  ManagementResponse,
  ManagementResponseBody,
} from './types.ts';
export type { components, paths } from './schema.js';
