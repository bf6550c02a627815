// The user pages, loaded together on first visit (one chunk).
export { UserDetailPage } from './detail-page.tsx';
export { UsersPage } from './list-page.tsx';
