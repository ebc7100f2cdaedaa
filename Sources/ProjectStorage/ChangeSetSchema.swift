import GRDB

extension ProjectSchema {
    /// The tables that record change sets: what each writing run or import changed, row by
    /// row, so that it can be reviewed and undone. Documented in `docs/project-format.md`.
    static let changeSets = """
        -- One run of a writing script, an import or another recorded change.
        CREATE TABLE change_sets (
          id            INTEGER PRIMARY KEY,
          kind          TEXT NOT NULL,                  -- 'script' | 'import'
          script_path   TEXT,                           -- the script or imported file, if any
          script_sha256 TEXT,                           -- SHA-256 hex of that file's bytes
          command_line  TEXT NOT NULL,
          user          TEXT NOT NULL,
          started_at    TEXT NOT NULL,                  -- ISO 8601
          committed_at  TEXT,                           -- ISO 8601; NULL while it is being made
          columns       TEXT NOT NULL DEFAULT '{}',     -- JSON: table name -> the columns of its images
          undone_at     TEXT                            -- ISO 8601, once undone
        );

        -- Every row a change set inserted, updated or deleted, in the order it happened. Images
        -- are the row's values (rowid first, then the columns listed in change_sets.columns) as
        -- a list of SQL literals, exact for every type.
        CREATE TABLE change_rows (
          id            INTEGER PRIMARY KEY,
          change_set_id INTEGER NOT NULL REFERENCES change_sets(id) ON DELETE CASCADE,
          table_name    TEXT NOT NULL,
          row_key       INTEGER NOT NULL,               -- the rowid after the change (before, for a delete)
          operation     TEXT NOT NULL,                  -- 'insert' | 'update' | 'delete'
          before        TEXT,                           -- NULL for an insert
          after         TEXT                            -- NULL for a delete, and for an insert
        );
        CREATE INDEX change_rows_set ON change_rows(change_set_id);  -- no index by row: it would triple the cost of an import
        """

    /// The tables that hold the record of changes itself, never recorded or restored.
    public static let changeTables: Set<String> = ["change_sets", "change_rows"]
}
