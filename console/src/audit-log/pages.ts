// The audit-log page, loaded on first visit (its own chunk).
export { AuditLogPage } from './page.tsx';
