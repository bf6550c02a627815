import type { Db, Executor } from './database.ts';
import { ApiError } from './errors.ts';
import type { Page } from './pagination.ts';
import type { RelationService } from './relation-routes.ts';

/** The queries behind one side of a link table (parent → linked ids). */
export interface LinkQueries<Row> {
  /** Locks the parent row: FOR UPDATE to replace, FOR KEY SHARE to link. False when it does not exist. */
  lockParent(db: Executor, parentId: string, mode: 'update' | 'share'): Promise<boolean>;
  list(db: Executor, parentId: string, page: Page | undefined): Promise<{ rows: Row[]; total: number }>;
  link(db: Executor, parentId: string, ids: string[]): Promise<void>;
  unlinkAll(db: Executor, parentId: string): Promise<void>;
  unlink(db: Executor, parentId: string, id: string): Promise<boolean>;
  missingParent(parentId: string): ApiError;
}

/**
 * Relation semantics shared by every link table: idempotent adds, replace-all under the parent's
 * row lock (so a replace and an add on one parent serialize instead of interleaving), and 404
 * `entity.not_found` when removing a link that is not there. Unknown ids fail on the foreign key
 * (422) and roll the whole call back.
 */
export function linkService<Row>(db: Db, queries: LinkQueries<Row>): RelationService<Row> {
  return {
    async list(parentId, page) {
      if (!(await queries.lockParent(db, parentId, 'share'))) throw queries.missingParent(parentId);
      return queries.list(db, parentId, page);
    },
    async add(parentId, ids) {
      await db.transaction().execute(async (tx) => {
        if (!(await queries.lockParent(tx, parentId, 'share'))) throw queries.missingParent(parentId);
        await queries.link(tx, parentId, ids);
      });
    },
    async replace(parentId, ids) {
      await db.transaction().execute(async (tx) => {
        if (!(await queries.lockParent(tx, parentId, 'update'))) throw queries.missingParent(parentId);
        await queries.unlinkAll(tx, parentId);
        await queries.link(tx, parentId, ids);
      });
    },
    async remove(parentId, id) {
      if (!(await queries.unlink(db, parentId, id))) throw new ApiError('entity.not_found');
    },
  };
}
