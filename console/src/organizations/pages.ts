// The organization pages, loaded together on first visit (one chunk).
export { OrganizationDetailPage } from './detail-page.tsx';
export { OrganizationsPage } from './list-page.tsx';
