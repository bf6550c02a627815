import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { ApplicationDetailPage } from './applications/detail-page.tsx';
import { ApplicationsPage } from './applications/list-page.tsx';
import { CallbackPage } from './auth/callback-page.tsx';
import { RequireSession } from './auth/require-session.tsx';
import { NotFoundPage } from './layout/not-found.tsx';
import { Shell } from './layout/shell.tsx';
import { RoleDetailPage } from './organization-template/role-detail-page.tsx';
import { TemplatePage } from './organization-template/template-page.tsx';
import { OrganizationDetailPage } from './organizations/detail-page.tsx';
import { OrganizationsPage } from './organizations/list-page.tsx';
import { ResourceDetailPage } from './resources/detail-page.tsx';
import { ResourcesPage } from './resources/list-page.tsx';
import { SetupPage } from './setup/setup-page.tsx';
import { theme } from './theme.ts';
import { UserDetailPage } from './users/detail-page.tsx';
import { UsersPage } from './users/list-page.tsx';

const router = createBrowserRouter(
  [
    { path: '/callback', element: <CallbackPage /> },
    { path: '/setup', element: <SetupPage /> },
    {
      element: <RequireSession />,
      children: [
        {
          element: <Shell />,
          children: [
            { index: true, element: <Navigate to="/organizations" replace /> },
            { path: 'organizations', element: <OrganizationsPage /> },
            { path: 'organizations/:id/:tab?', element: <OrganizationDetailPage /> },
            { path: 'organization-template/roles/:id/:tab?', element: <RoleDetailPage /> },
            { path: 'organization-template/:tab?', element: <TemplatePage /> },
            { path: 'api-resources', element: <ResourcesPage /> },
            { path: 'api-resources/:id', element: <ResourceDetailPage /> },
            { path: 'users', element: <UsersPage /> },
            { path: 'users/:id/:tab?', element: <UserDetailPage /> },
            { path: 'applications', element: <ApplicationsPage /> },
            { path: 'applications/:id', element: <ApplicationDetailPage /> },
            { path: '*', element: <NotFoundPage /> },
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
