import type { Executor } from '../../platform/database.ts';
import { queryTemplate } from '../../platform/query-template.ts';

export function findRolesByName(db: Executor, names: string[]) {
  return db.selectFrom('organizationRoles').select(['id', 'name']).where('name', 'in', names).execute();
}

/**
 * The organization permissions an Active member holds through their roles, each once, by name.
 * A suspended membership (or none) holds none. A template: built and compiled once, not per
 * request (building it was a third of this route's CPU, docs/benchmarks.md).
 */
export const listMemberScopes = queryTemplate((db, args: { organizationId: string; userId: string }) =>
  db
    .selectFrom('organizationUserRelations as m')
    .innerJoin('organizationRoleUserRelations as rr', (join) =>
      join.onRef('rr.organizationId', '=', 'm.organizationId').onRef('rr.userId', '=', 'm.userId'),
    )
    .innerJoin('organizationRoleScopeRelations as rs', 'rs.organizationRoleId', 'rr.organizationRoleId')
    .innerJoin('organizationScopes as s', 's.id', 'rs.organizationScopeId')
    .where('m.organizationId', '=', args.organizationId)
    .where('m.userId', '=', args.userId)
    .where('m.status', '=', 'Active')
    .select(['s.id', 's.name', 's.description'])
    .distinct()
    .orderBy('s.name'),
);
