import { Button, Tabs } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBook2, IconId, IconKey, IconUserShield } from '@tabler/icons-react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../components/page-header.tsx';
import { GuideDrawer } from '../organizations/guide-drawer.tsx';
import { ClaimsTab } from './claims-tab.tsx';
import { PermissionsTab } from './permissions-tab.tsx';
import { RolesTab } from './roles-tab.tsx';

export function TemplatePage() {
  const { tab } = useParams();
  const navigate = useNavigate();
  const [guide, guideControls] = useDisclosure();
  if (tab !== 'roles' && tab !== 'permissions' && tab !== 'claims') return <Navigate to="/organization-template/roles" replace />;
  return (
    <>
      <PageHeader
        title="Organization template"
        description="The roles and permissions every organization shares. Define them once here; who holds which role is then decided inside each organization."
        actions={
          <Button variant="default" leftSection={<IconBook2 size={16} />} onClick={guideControls.open}>
            How organizations work
          </Button>
        }
      />
      <Tabs value={tab} onChange={(next) => next && navigate(`/organization-template/${next}`)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="roles" leftSection={<IconUserShield size={16} />}>
            Organization roles
          </Tabs.Tab>
          <Tabs.Tab value="permissions" leftSection={<IconKey size={16} />}>
            Organization permissions
          </Tabs.Tab>
          <Tabs.Tab value="claims" leftSection={<IconId size={16} />}>
            ID token claims
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="roles">
          <RolesTab />
        </Tabs.Panel>
        <Tabs.Panel value="permissions">
          <PermissionsTab />
        </Tabs.Panel>
        <Tabs.Panel value="claims">
          <ClaimsTab />
        </Tabs.Panel>
      </Tabs>
      <GuideDrawer opened={guide} onClose={guideControls.close} />
    </>
  );
}
