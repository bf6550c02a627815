// The webhooks page, loaded on first visit (its own chunk).
export { WebhooksPage } from './page.tsx';
