import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { RequireSession } from './auth/require-session.tsx';
import { LoadingState } from './components/states.tsx';
import { NotFoundPage } from './layout/not-found.tsx';
import { RouteError } from './layout/route-error.tsx';
import { Shell } from './layout/shell.tsx';
import { theme } from './theme.ts';

/** A page loaded on first visit (its own chunk), so the first load carries only what it shows. */
function page<M>(load: () => Promise<M>, pick: (module: M) => ComponentType) {
  const Page = lazy(async () => ({ default: pick(await load()) }));
  return (
    <Suspense fallback={<LoadingState />}>
      <Page />
    </Suspense>
  );
}

const organizations = () => import('./organizations/pages.ts');
const template = () => import('./organization-template/pages.ts');
const resources = () => import('./resources/pages.ts');
const users = () => import('./users/pages.ts');
const applications = () => import('./applications/pages.ts');
const auditLog = () => import('./audit-log/pages.ts');
const webhooks = () => import('./webhooks/pages.ts');

const router = createBrowserRouter(
  [
    { path: '/callback', element: page(() => import('./auth/callback-page.tsx'), (m) => m.CallbackPage), errorElement: <RouteError /> },
    { path: '/setup', element: page(() => import('./setup/setup-page.tsx'), (m) => m.SetupPage), errorElement: <RouteError /> },
    {
      element: <RequireSession />,
      errorElement: <RouteError />,
      children: [
        {
          element: <Shell />,
          children: [
            // Errors of a page show inside the shell, navigation still at hand.
            {
              errorElement: <RouteError />,
              children: [
                { index: true, element: <Navigate to="/organizations" replace /> },
                { path: 'organizations', element: page(organizations, (m) => m.OrganizationsPage) },
                { path: 'organizations/:id/:tab?', element: page(organizations, (m) => m.OrganizationDetailPage) },
                { path: 'organization-template/roles/:id/:tab?', element: page(template, (m) => m.RoleDetailPage) },
                { path: 'organization-template/:tab?', element: page(template, (m) => m.TemplatePage) },
                { path: 'api-resources', element: page(resources, (m) => m.ResourcesPage) },
                { path: 'api-resources/:id', element: page(resources, (m) => m.ResourceDetailPage) },
                { path: 'users', element: page(users, (m) => m.UsersPage) },
                { path: 'users/:id/:tab?', element: page(users, (m) => m.UserDetailPage) },
                { path: 'applications', element: page(applications, (m) => m.ApplicationsPage) },
                { path: 'applications/:id', element: page(applications, (m) => m.ApplicationDetailPage) },
                { path: 'audit-log', element: page(auditLog, (m) => m.AuditLogPage) },
                { path: 'webhooks', element: page(webhooks, (m) => m.WebhooksPage) },
                { path: '*', element: <NotFoundPage /> },
              ],
            },
          ],
        },
      ],
    },
  ],
  { basename: '/console' },
);

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <RouterProvider router={router} />
    </MantineProvider>
  );
}
