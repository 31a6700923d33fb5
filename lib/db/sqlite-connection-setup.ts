/**
 * How long a SQLite connection waits for another connection's write lock before it gives up with
 * SQLITE_BUSY ("database is locked"). Writes of the hub are short (a settings row, one
 * prefecture's results), so a few seconds cover any queue of them.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/** The part of a libsql connection the setup needs. */
interface SqliteRawConnection {
  exec(sql: string): unknown;
}

type PoolDone = (error: Error | null, connection: SqliteRawConnection) => void;

/**
 * Runs on every connection the pool opens (knex `pool.afterCreate`), not only the first: knex's
 * libsql dialect replaces its connection every 10 s, and a pragma set once at start would be lost.
 * WAL lets readers go on while a write commits (it is stored in the file; setting it again is
 * harmless); the busy timeout makes a writer wait out another process's write instead of failing.
 */
export function setUpSqliteConnection(connection: SqliteRawConnection, done: PoolDone): void {
  try {
    connection.exec(`pragma busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    connection.exec('pragma journal_mode = wal');
    connection.exec('pragma foreign_keys = on');
    done(null, connection);
  } catch (error) {
    done(error instanceof Error ? error : new Error(String(error)), connection);
  }
}
