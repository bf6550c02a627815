import { ActionIcon, Button, Group, Menu, Tabs, ThemeIcon } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconApps, IconBook2, IconBuildingCommunity, IconDots, IconHistory, IconMailPlus, IconSettings, IconTrash, IconUsers } from '@tabler/icons-react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { ConfirmModal } from '../components/confirm-modal.tsx';
import { CopyId } from '../components/copy-id.tsx';
import { notifySuccess } from '../components/notify.ts';
import { PageHeader } from '../components/page-header.tsx';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { useLoad } from '../components/use-load.ts';
import { AppsTab } from './apps-tab.tsx';
import { AuditLogTab } from './audit-log-tab.tsx';
import { GuideDrawer } from './guide-drawer.tsx';
import { InvitationsTab } from './invitations-tab.tsx';
import { MembersTab } from './members-tab.tsx';
import { SettingsTab } from './settings-tab.tsx';

const TABS = ['settings', 'members', 'invitations', 'apps', 'audit-log'] as const;

export function OrganizationDetailPage() {
  const { id = '', tab } = useParams();
  const navigate = useNavigate();
  const [guide, guideControls] = useDisclosure();
  const [deleting, deleteControls] = useDisclosure();
  const organization = useLoad(() => call(api.GET('/api/organizations/{id}', { params: { path: { id } } })), [id]);

  if (!tab || !TABS.includes(tab as (typeof TABS)[number])) return <Navigate to={`/organizations/${id}/settings`} replace />;
  const back = { to: '/organizations', label: 'Organizations' };
  if (organization.error) {
    return (
      <>
        <PageHeader title="Organization" back={back} />
        <ErrorState error={organization.error} onRetry={organization.reload} />
      </>
    );
  }
  if (!organization.data) return <LoadingState label="Loading the organization…" />;
  const org = organization.data;

  const remove = async () => {
    await call(api.DELETE('/api/organizations/{id}', { params: { path: { id } } }));
    notifySuccess(`Organization “${org.name}” deleted.`);
    navigate('/organizations', { replace: true });
  };

  return (
    <>
      <PageHeader
        back={back}
        icon={
          <ThemeIcon size={48} radius="md" variant="light">
            <IconBuildingCommunity size={26} />
          </ThemeIcon>
        }
        title={org.name}
        description={org.description ?? undefined}
        meta={<CopyId label="Organization ID" value={org.id} />}
        actions={
          <>
            <Button variant="default" leftSection={<IconBook2 size={16} />} onClick={guideControls.open}>
              How organizations work
            </Button>
            <Menu position="bottom-end" withArrow>
              <Menu.Target>
                <ActionIcon variant="default" size="lg" aria-label="More actions">
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={deleteControls.open}>
                  Delete organization
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </>
        }
      />
      <Tabs value={tab} onChange={(next) => next && navigate(`/organizations/${id}/${next}`)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="settings" leftSection={<IconSettings size={16} />}>
            Settings
          </Tabs.Tab>
          <Tabs.Tab value="members" leftSection={<IconUsers size={16} />}>
            Members
          </Tabs.Tab>
          <Tabs.Tab value="invitations" leftSection={<IconMailPlus size={16} />}>
            Invitations
          </Tabs.Tab>
          <Tabs.Tab value="apps" leftSection={<IconApps size={16} />}>
            Machine-to-machine apps
          </Tabs.Tab>
          <Tabs.Tab value="audit-log" leftSection={<IconHistory size={16} />}>
            Audit log
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="settings">
          <SettingsTab organization={org} onSaved={organization.reload} />
        </Tabs.Panel>
        <Tabs.Panel value="members">
          <MembersTab organization={org} />
        </Tabs.Panel>
        <Tabs.Panel value="invitations">
          <InvitationsTab organization={org} />
        </Tabs.Panel>
        <Tabs.Panel value="apps">
          <AppsTab organization={org} />
        </Tabs.Panel>
        <Tabs.Panel value="audit-log">
          <AuditLogTab organization={org} />
        </Tabs.Panel>
      </Tabs>
      <GuideDrawer opened={guide} onClose={guideControls.close} />
      <ConfirmModal
        opened={deleting}
        onClose={deleteControls.close}
        title={`Delete “${org.name}”?`}
        confirmLabel="Delete organization"
        typeToConfirm={org.name}
        onConfirm={remove}
      >
        Every member and machine-to-machine app loses its membership in this organization and every role it holds here.
        They can no longer get tokens for it; tokens already issued stay valid until they expire. This cannot be undone.
      </ConfirmModal>
    </>
  );
}
