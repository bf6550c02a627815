import type { Executor } from '../../platform/database.ts';

export function findRolesByName(db: Executor, names: string[]) {
  return db.selectFrom('organizationRoles').select(['id', 'name']).where('name', 'in', names).execute();
}

/**
 * The organization permissions an Active member holds through their roles, each once, by name.
 * A suspended membership (or none) holds none.
 */
export function listMemberScopes(db: Executor, organizationId: string, userId: string) {
  return db
    .selectFrom('organizationUserRelations as m')
    .innerJoin('organizationRoleUserRelations as rr', (join) =>
      join.onRef('rr.organizationId', '=', 'm.organizationId').onRef('rr.userId', '=', 'm.userId'),
    )
    .innerJoin('organizationRoleScopeRelations as rs', 'rs.organizationRoleId', 'rr.organizationRoleId')
    .innerJoin('organizationScopes as s', 's.id', 'rs.organizationScopeId')
    .where('m.organizationId', '=', organizationId)
    .where('m.userId', '=', userId)
    .where('m.status', '=', 'Active')
    .select(['s.id', 's.name', 's.description'])
    .distinct()
    .orderBy('s.name')
    .execute();
}
