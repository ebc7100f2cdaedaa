import GRDB
import StudyModel

/// The versioned SQLite schema of a project file, as documented in `docs/project-format.md`.
public enum ProjectSchema {
    /// `PRAGMA application_id` of every project file: the ASCII bytes "PESR".
    public static let applicationID: Int32 = 0x5045_5352
    /// The schema version this build writes and understands (`PRAGMA user_version`).
    public static var version: Int { migrations.last?.version ?? 0 }

    /// Every step from an empty database to the current schema, oldest first.
    static let migrations: [ProjectMigration] = [
        ProjectMigration(version: 1) { db in try db.execute(sql: version1) },
        // The full-text index of document texts (see `TextIndex`).
        ProjectMigration(version: 2) { db in try TextIndex.migrate(db) },
        // What scripts and imports changed, for history and undo (see `ChangeRecorder`).
        ProjectMigration(version: 3) { db in try db.execute(sql: changeSets) },
    ]

    /// Schema version 1, statement for statement the one in `docs/project-format.md`.
    static let version1 = """
        -- Key/value facts about the project (title, created_at, creating software).
        CREATE TABLE project_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        -- Sites or services. sector: STA (statutory), PAR (partnership), VOL (voluntary) or any text.
        CREATE TABLE cases (
          id         TEXT PRIMARY KEY,
          sector     TEXT,
          label      TEXT,
          guid       TEXT UNIQUE,
          attributes TEXT NOT NULL DEFAULT '{}'        -- JSON object of text values
        );

        -- People interviewed. role: PW, SU, ST, MA (or another code kept as written).
        CREATE TABLE participants (
          id         TEXT PRIMARY KEY,
          role       TEXT NOT NULL,
          case_id    TEXT REFERENCES cases(id),
          guid       TEXT UNIQUE,
          attributes TEXT NOT NULL DEFAULT '{}'
        );

        -- People who code text.
        CREATE TABLE coders (
          id   INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          guid TEXT UNIQUE
        );

        -- Transcripts and other texts.
        CREATE TABLE documents (
          id             TEXT PRIMARY KEY,
          title          TEXT NOT NULL,
          participant_id TEXT REFERENCES participants(id),
          case_id        TEXT REFERENCES cases(id),
          text           TEXT NOT NULL,
          content_hash   TEXT NOT NULL,                 -- SHA-256 hex of the UTF-8 text
          guid           TEXT UNIQUE,
          metadata       TEXT NOT NULL DEFAULT '{}'
        );

        -- The project's codebook: a tree of codes (theme > category > code).
        CREATE TABLE codes (
          id          TEXT PRIMARY KEY,
          codebook    TEXT NOT NULL,                    -- e.g. 'change-model', 'project'
          parent_id   TEXT REFERENCES codes(id),
          label       TEXT NOT NULL,
          description TEXT,
          colour      TEXT,                             -- '#RRGGBB'
          level       TEXT NOT NULL,                    -- 'theme' | 'category' | 'code'
          guid        TEXT UNIQUE,
          sort_order  INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE code_bcts (
          code_id   TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
          bct_id    TEXT NOT NULL,                      -- '3.1', '17.2', or an extension id
          rationale TEXT,
          PRIMARY KEY (code_id, bct_id)
        );
        CREATE TABLE code_principles (
          code_id      TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
          principle_id TEXT NOT NULL,                   -- 'P1'..'P5', 'DIV'
          rationale    TEXT,
          PRIMARY KEY (code_id, principle_id)
        );

        -- Spans of document text.
        CREATE TABLE segments (
          id          INTEGER PRIMARY KEY,
          document_id TEXT NOT NULL REFERENCES documents(id),
          start       INTEGER NOT NULL CHECK (start >= 0),
          end         INTEGER NOT NULL CHECK (end >= start),
          guid        TEXT UNIQUE
        );
        CREATE INDEX segments_document ON segments(document_id);

        -- One coder applying one code, BCT or principle to one segment.
        CREATE TABLE codings (
          id           INTEGER PRIMARY KEY,
          segment_id   INTEGER NOT NULL REFERENCES segments(id),
          code_id      TEXT REFERENCES codes(id),
          bct_id       TEXT,
          principle_id TEXT,
          coder_id     INTEGER NOT NULL REFERENCES coders(id),
          created_at   TEXT,                            -- ISO 8601
          memo         TEXT,
          guid         TEXT UNIQUE,
          CHECK ((code_id IS NOT NULL) + (bct_id IS NOT NULL) + (principle_id IS NOT NULL) = 1)
        );
        CREATE INDEX codings_segment ON codings(segment_id);

        -- User-defined BCT groups and techniques beyond BCTTv1 and the relational group.
        CREATE TABLE taxonomy_extensions (
          bct_id     TEXT PRIMARY KEY,
          group_id   TEXT NOT NULL,
          group_label TEXT NOT NULL,
          label      TEXT NOT NULL,
          definition TEXT,
          framework  TEXT NOT NULL
        );

        -- Fidelity: items belong to a principle; ratings are per case or per participant.
        CREATE TABLE fidelity_items (
          id           TEXT PRIMARY KEY,
          principle_id TEXT NOT NULL,
          text         TEXT NOT NULL,
          scale_min    REAL NOT NULL,
          scale_max    REAL NOT NULL
        );
        CREATE TABLE fidelity_ratings (
          item_id        TEXT NOT NULL REFERENCES fidelity_items(id),
          case_id        TEXT REFERENCES cases(id),
          participant_id TEXT REFERENCES participants(id),
          rater          TEXT,
          value          REAL NOT NULL,
          CHECK ((case_id IS NULL) <> (participant_id IS NULL))
        );

        -- REFI-QDA notes (memos) and sets, kept so that an exchange loses nothing.
        CREATE TABLE notes (
          id          INTEGER PRIMARY KEY,
          guid        TEXT UNIQUE,
          name        TEXT,
          text        TEXT NOT NULL,
          author      TEXT,
          created_at  TEXT,
          target_kind TEXT,                             -- 'project'|'document'|'code'|'case'|'segment'|'coding'
          target_id   TEXT                              -- id; GUID for segments and codings (segment row id if it has none)
        );
        CREATE TABLE sets (
          id          INTEGER PRIMARY KEY,
          guid        TEXT UNIQUE,
          name        TEXT NOT NULL,
          description TEXT
        );
        CREATE TABLE set_members (
          set_id      INTEGER NOT NULL REFERENCES sets(id) ON DELETE CASCADE,
          member_kind TEXT NOT NULL,                    -- 'document' | 'code' | 'case' | 'note' (note GUID)
          member_id   TEXT NOT NULL,
          PRIMARY KEY (set_id, member_kind, member_id)
        );
        """
}

/// One schema step: the SQL that takes a project from `version - 1` to `version`.
struct ProjectMigration: Sendable {
    /// The `user_version` the database has after this step.
    let version: Int
    /// Applies the step; runs inside the migrator's transaction.
    let apply: @Sendable (Database) throws -> Void
}

/// Brings a project's schema up to date, one transaction per step, recording progress in
/// `PRAGMA user_version` (the project format keeps no migration table of its own).
struct ProjectMigrator: Sendable {
    let migrations: [ProjectMigration]

    /// The highest version the migrations reach.
    var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Applies every step newer than the database's `user_version`. A failing step rolls
    /// back, leaving the database at the last version that completed.
    func migrate(_ queue: DatabaseQueue) throws {
        let current = try queue.read { db in try ProjectMigrator.userVersion(db) }
        for migration in migrations where migration.version > current {
            try queue.inTransaction(.immediate) { db in
                try migration.apply(db)
                try db.execute(sql: "PRAGMA user_version = \(migration.version)")
                return .commit
            }
        }
    }

    /// The database's `PRAGMA user_version`.
    static func userVersion(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
    }
}
