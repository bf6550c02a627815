// The application pages, loaded together on first visit (one chunk).
export { ApplicationDetailPage } from './detail-page.tsx';
export { ApplicationsPage } from './list-page.tsx';
