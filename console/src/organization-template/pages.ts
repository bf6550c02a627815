// The organization template pages, loaded together on first visit (one chunk).
export { RoleDetailPage } from './role-detail-page.tsx';
export { TemplatePage } from './template-page.tsx';
