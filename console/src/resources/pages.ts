// The API resource pages, loaded together on first visit (one chunk).
export { ResourceDetailPage } from './detail-page.tsx';
export { ResourcesPage } from './list-page.tsx';
