import { Badge, Drawer, List, Stack, Text, Title } from '@mantine/core';

/** A short explanation of organizations, the template and how roles become permissions. */
export function GuideDrawer({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="lg" title={<Text fw={600}>How organizations work in Guildhall</Text>}>
      <Stack gap="lg">
        <Stack gap={6}>
          <Title order={4}>Organizations are your customers</Title>
          <Text size="sm">
            If you sell to companies, each company is an organization: Acme, Globex, a school, a project team. People
            (users) and machine-to-machine apps become its members. One person can belong to many organizations and
            hold different roles in each.
          </Text>
        </Stack>
        <Stack gap={6}>
          <Title order={4}>One template, shared by every organization</Title>
          <Text size="sm">
            You define roles and permissions once, in the <b>organization template</b>. Every organization uses the same
            set, so “Admin” means the same thing for Acme as for Globex — but whether Ada is an Admin is decided per
            organization.
          </Text>
          <List size="sm" spacing={4}>
            <List.Item>
              <b>Organization permissions</b> describe what someone may do inside an organization, such as{' '}
              <Badge variant="light" tt="none" size="sm">invite:member</Badge>.
            </List.Item>
            <List.Item>
              <b>API permissions</b> come from your API resources, such as{' '}
              <Badge variant="light" tt="none" size="sm">read:invoices</Badge>, and can be granted per organization too.
            </List.Item>
            <List.Item>
              <b>Organization roles</b> bundle permissions of both kinds. A role is for users or for machine-to-machine apps.
            </List.Item>
          </List>
        </Stack>
        <Stack gap={6}>
          <Title order={4}>From role to token</Title>
          <Text size="sm">
            When a member asks for a token for an organization, Guildhall looks up their roles <i>in that organization</i>{' '}
            and puts the permissions of those roles in the token. In the picture, Ada is an Admin in Acme and a Viewer in
            Globex, so an Acme token lets her invite members and a Globex token only lets her read.
          </Text>
          <RoleDiagram />
          <Text size="sm" c="dimmed">
            A suspended membership keeps its roles but gets no organization tokens until it is reactivated. Removing a
            member removes their roles in that organization; deleting an organization removes every membership in it.
          </Text>
        </Stack>
      </Stack>
    </Drawer>
  );
}

function RoleDiagram() {
  const box = { rx: 8, strokeWidth: 1.5 };
  return (
    <svg viewBox="0 0 520 250" role="img" aria-labelledby="guide-diagram-title" style={{ width: '100%', height: 'auto' }}>
      <title id="guide-diagram-title">
        Ada holds the Admin role in Acme and the Viewer role in Globex; Admin grants invite:member and read:invoices, Viewer grants read:invoices.
      </title>
      <defs>
        <marker id="guide-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0 0 10 5 0 10z" fill="#868e96" />
        </marker>
      </defs>
      <g fontFamily="inherit" fontSize="13">
        <text x="10" y="18" fill="#868e96" fontSize="11" fontWeight="700">MEMBER</text>
        <text x="170" y="18" fill="#868e96" fontSize="11" fontWeight="700">ROLE, PER ORGANIZATION</text>
        <text x="380" y="18" fill="#868e96" fontSize="11" fontWeight="700">PERMISSIONS</text>

        <rect x="10" y="100" width="110" height="44" fill="#edf2ff" stroke="#4c6ef5" {...box} />
        <text x="65" y="127" textAnchor="middle" fontWeight="600">Ada</text>

        <rect x="170" y="40" width="170" height="60" fill="#fff" stroke="#adb5bd" {...box} />
        <text x="182" y="62" fill="#495057" fontSize="11">in Acme</text>
        <text x="182" y="86" fontWeight="600">Admin</text>

        <rect x="170" y="150" width="170" height="60" fill="#fff" stroke="#adb5bd" {...box} />
        <text x="182" y="172" fill="#495057" fontSize="11">in Globex</text>
        <text x="182" y="196" fontWeight="600">Viewer</text>

        <rect x="380" y="50" width="130" height="34" fill="#e6fcf5" stroke="#12b886" {...box} />
        <text x="445" y="72" textAnchor="middle">invite:member</text>
        <rect x="380" y="150" width="130" height="34" fill="#fff4e6" stroke="#fd7e14" {...box} />
        <text x="445" y="172" textAnchor="middle">read:invoices</text>

        <path d="M120 114 C145 100 150 75 168 72" fill="none" stroke="#868e96" strokeWidth="1.5" markerEnd="url(#guide-arrow)" />
        <path d="M120 130 C145 145 150 175 168 178" fill="none" stroke="#868e96" strokeWidth="1.5" markerEnd="url(#guide-arrow)" />
        <path d="M340 66 L378 66" stroke="#12b886" strokeWidth="1.5" markerEnd="url(#guide-arrow)" />
        <path d="M340 80 C360 110 360 150 378 162" fill="none" stroke="#fd7e14" strokeWidth="1.5" markerEnd="url(#guide-arrow)" />
        <path d="M340 180 L378 170" stroke="#fd7e14" strokeWidth="1.5" markerEnd="url(#guide-arrow)" />

        <text x="380" y="214" fill="#495057" fontSize="11">green: organization permission</text>
        <text x="380" y="232" fill="#495057" fontSize="11">orange: API permission</text>
      </g>
    </svg>
  );
}
