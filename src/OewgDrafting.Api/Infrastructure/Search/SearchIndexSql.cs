using Microsoft.EntityFrameworkCore.Migrations;

namespace OewgDrafting.Api.Infrastructure.Search;

/// <summary>
/// The full-text index, in each database's own engine, kept by triggers: every write that changes a paragraph, an
/// amendment's text, a language version or a comment changes the index in the same transaction, whichever code path
/// wrote it. <c>search_entries</c> holds one row per searchable text (a paragraph as it is now, each earlier wording
/// of it, an amendment, a translated paragraph, a comment); a paragraph's earlier wording is kept when its text changes.
/// SQLite indexes it with a contentless FTS5 table (words as <see cref="Domain.Search.SearchText"/> normalises them, and
/// their stems, from two functions each writing connection registers: <see cref="SqliteSearchFunctions"/>); PostgreSQL with one tsvector
/// per row (the same words from <c>unaccent</c> and the <c>simple</c> configuration, and the stems from the
/// language's Snowball configuration) under a GIN index.
/// </summary>
public static class SearchIndexSql
{
    /// <summary>Called at the end of each provider's Initial migration.</summary>
    public static void Create(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(migrationBuilder.IsNpgsql() ? Postgres : Sqlite);
    }

    public static void Drop(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(migrationBuilder.IsNpgsql()
            ? "DROP TABLE search_entries; DROP FUNCTION oewg_search_blocks, oewg_search_amendments, oewg_search_translations, oewg_search_comments CASCADE; DROP FUNCTION oewg_search_vector;"
            : "DROP TABLE search_pending; DROP TABLE search_vocab; DROP TABLE search_fts; DROP TABLE search_keys; DROP TABLE search_entries;");
    }

    private static bool IsNpgsql(this MigrationBuilder builder) =>
        builder.ActiveProvider?.Contains("Npgsql", StringComparison.Ordinal) == true;

    /// <summary>
    /// Run by the SQLite batch writer just before each commit (<see cref="Persistence.WriteBatch"/>): the entries of the
    /// amendments its commands proposed. FTS5 writes its pending words out at every savepoint, and each command of a
    /// batch has one: an entry written in the command's turn would cost a segment of the index per proposal, written
    /// here it costs one per batch, in the same transaction.
    /// </summary>
    public static readonly IReadOnlyList<string> IndexPendingSqlite =
    [
        """
        INSERT OR IGNORE INTO search_entries (source, source_id, document_id, block_id, language, body)
        SELECT 'amendment', a.Id, a.DocumentId, a.BlockId, d.Language, a.Text
        FROM search_pending p CROSS JOIN amendments a CROSS JOIN documents d
        WHERE a.rowid = p.amendment AND d.Id = a.DocumentId
        """,
        "DELETE FROM search_pending",
    ];

    public const string Sqlite = """
        CREATE TABLE search_entries (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            source_id TEXT NOT NULL,
            document_id TEXT NOT NULL,
            block_id TEXT,
            language TEXT NOT NULL,
            version INTEGER,
            label TEXT,
            body TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ix_search_entries_source ON search_entries (source, source_id);
        CREATE VIRTUAL TABLE search_fts USING fts5 (exact, stems, content = '', contentless_delete = 1,
            tokenize = "unicode61 remove_diacritics 2 tokenchars '_'");
        CREATE VIRTUAL TABLE search_vocab USING fts5vocab ('search_fts', 'row');
        -- The entries' keys alone, so that choosing a page of results reads small rows, not the texts.
        CREATE TABLE search_keys (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            source_id TEXT NOT NULL,
            document_id TEXT NOT NULL,
            block_id TEXT,
            language TEXT NOT NULL
        );

        CREATE TRIGGER search_entries_inserted AFTER INSERT ON search_entries BEGIN
            INSERT INTO search_fts (rowid, exact, stems) VALUES (new.id, oewg_search_exact(new.body), oewg_search_stems(new.body, new.language));
            INSERT INTO search_keys (id, source, source_id, document_id, block_id, language)
            VALUES (new.id, new.source, new.source_id, new.document_id, new.block_id, new.language);
        END;
        CREATE TRIGGER search_entries_deleted AFTER DELETE ON search_entries BEGIN
            DELETE FROM search_fts WHERE rowid = old.id;
            DELETE FROM search_keys WHERE id = old.id;
        END;
        CREATE TRIGGER search_entries_rekeyed AFTER UPDATE OF source, source_id ON search_entries BEGIN
            UPDATE search_keys SET source = new.source, source_id = new.source_id WHERE id = new.id;
        END;
        CREATE TRIGGER search_entries_changed AFTER UPDATE OF body ON search_entries BEGIN
            DELETE FROM search_fts WHERE rowid = old.id;
            INSERT INTO search_fts (rowid, exact, stems) VALUES (new.id, oewg_search_exact(new.body), oewg_search_stems(new.body, new.language));
        END;

        CREATE TRIGGER search_blocks_inserted AFTER INSERT ON blocks BEGIN
            INSERT INTO search_entries (source, source_id, document_id, block_id, language, body)
            SELECT 'block', new.Id, new.DocumentId, new.Id, d.Language, new.Text
            FROM documents d WHERE d.Id = new.DocumentId;
        END;
        CREATE TRIGGER search_blocks_changed AFTER UPDATE OF Text ON blocks WHEN old.Text IS NOT new.Text BEGIN
            INSERT OR IGNORE INTO search_entries (source, source_id, document_id, block_id, language, version, label, body)
            SELECT 'version', old.Id || ':' || old.Version, e.document_id, e.block_id, e.language, old.Version, old.Label, e.body
            FROM search_entries e WHERE e.source = 'block' AND e.source_id = old.Id;
            UPDATE search_entries SET body = new.Text
            WHERE source = 'block' AND source_id = new.Id;
        END;
        CREATE TRIGGER search_blocks_deleted AFTER DELETE ON blocks BEGIN
            DELETE FROM search_entries WHERE source = 'version' AND source_id = old.Id || ':' || old.Version;
            UPDATE search_entries SET source = 'version', source_id = old.Id || ':' || old.Version, version = old.Version, label = old.Label
            WHERE source = 'block' AND source_id = old.Id;
        END;

        -- A proposal's entry: written at once by any connection but the batch writer, which notes the amendment here
        -- and writes the entries of all its batch's amendments just before it commits (IndexPendingSqlite).
        CREATE TABLE search_pending (amendment INTEGER PRIMARY KEY);
        CREATE TRIGGER search_amendments_inserted AFTER INSERT ON amendments
        WHEN new.Text IS NOT NULL AND new.Text <> '' AND oewg_search_at_commit() = 0 BEGIN
            INSERT INTO search_entries (source, source_id, document_id, block_id, language, body)
            SELECT 'amendment', new.Id, new.DocumentId, new.BlockId, d.Language, new.Text
            FROM documents d WHERE d.Id = new.DocumentId;
        END;
        CREATE TRIGGER search_amendments_noted AFTER INSERT ON amendments
        WHEN new.Text IS NOT NULL AND new.Text <> '' AND oewg_search_at_commit() = 1 BEGIN
            INSERT INTO search_pending (amendment) VALUES (new.rowid);
        END;
        CREATE TRIGGER search_amendments_changed AFTER UPDATE OF Text ON amendments WHEN old.Text IS NOT new.Text BEGIN
            DELETE FROM search_pending WHERE amendment = new.rowid;
            DELETE FROM search_entries WHERE source = 'amendment' AND source_id = old.Id;
            INSERT INTO search_entries (source, source_id, document_id, block_id, language, body)
            SELECT 'amendment', new.Id, new.DocumentId, new.BlockId, d.Language, new.Text
            FROM documents d WHERE d.Id = new.DocumentId AND new.Text IS NOT NULL AND new.Text <> '';
        END;

        CREATE TRIGGER search_translations_inserted AFTER INSERT ON translated_blocks BEGIN
            INSERT INTO search_entries (source, source_id, document_id, block_id, language, body)
            VALUES ('translation', new.BlockId || ':' || new.Language, new.DocumentId, new.BlockId, new.Language, new.Text);
        END;
        CREATE TRIGGER search_translations_changed AFTER UPDATE OF Text ON translated_blocks WHEN old.Text IS NOT new.Text BEGIN
            UPDATE search_entries SET body = new.Text
            WHERE source = 'translation' AND source_id = new.BlockId || ':' || new.Language;
        END;
        CREATE TRIGGER search_translations_deleted AFTER DELETE ON translated_blocks BEGIN
            DELETE FROM search_entries WHERE source = 'translation' AND source_id = old.BlockId || ':' || old.Language;
        END;

        CREATE TRIGGER search_comments_inserted AFTER INSERT ON comments BEGIN
            INSERT INTO search_entries (source, source_id, document_id, block_id, language, body)
            SELECT 'comment', new.Id, new.DocumentId, new.BlockId, d.Language, new.Text
            FROM documents d WHERE d.Id = new.DocumentId;
        END;
        CREATE TRIGGER search_comments_changed AFTER UPDATE OF Text ON comments WHEN old.Text IS NOT new.Text BEGIN
            UPDATE search_entries SET body = new.Text
            WHERE source = 'comment' AND source_id = new.Id;
        END;
        CREATE TRIGGER search_comments_deleted AFTER DELETE ON comments BEGIN
            DELETE FROM search_entries WHERE source = 'comment' AND source_id = old.Id;
        END;
        """;

    // Words are what is left between characters that are neither letters nor digits (as SearchText reads them), each
    // ideograph a word of its own, Arabic vowel marks dropped; stems are prefixed with the language code and unaccented.
    public const string Postgres = """
        CREATE EXTENSION IF NOT EXISTS unaccent;

        CREATE TABLE search_entries (
            id bigserial PRIMARY KEY,
            source text NOT NULL,
            source_id text NOT NULL,
            document_id uuid NOT NULL,
            block_id uuid,
            language text NOT NULL,
            version integer,
            label text,
            body text NOT NULL,
            vector tsvector NOT NULL
        );
        CREATE UNIQUE INDEX ix_search_entries_source ON search_entries (source, source_id);
        CREATE INDEX ix_search_entries_document ON search_entries (document_id);
        CREATE INDEX ix_search_entries_vector ON search_entries USING gin (vector);

        CREATE FUNCTION oewg_search_vector(body text, lang text) RETURNS tsvector LANGUAGE plpgsql STABLE AS $fn$
        DECLARE
            plain text := regexp_replace(regexp_replace(regexp_replace(body, '[\u064B-\u065F\u0670]', '', 'g'),
                '([\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uAC00-\uD7AF])', ' \1 ', 'g'), '[^[:alnum:]]+', ' ', 'g');
            code text := split_part(lower(lang), '-', 1);
            config regconfig := CASE code WHEN 'es' THEN 'spanish' WHEN 'en' THEN 'english' WHEN 'fr' THEN 'french' WHEN 'ru' THEN 'russian' END;
            words tsvector := to_tsvector('simple', lower(unaccent(plain)));
        BEGIN
            IF config IS NULL THEN
                RETURN words;
            END IF;
            RETURN words || array_to_tsvector(ARRAY(
                SELECT DISTINCT code || '_' || unaccent(lexeme) FROM unnest(to_tsvector(config, lower(plain)))));
        END $fn$;

        CREATE FUNCTION oewg_search_blocks() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO search_entries (source, source_id, document_id, block_id, language, body, vector)
                SELECT 'block', NEW."Id"::text, NEW."DocumentId", NEW."Id", d."Language", NEW."Text", oewg_search_vector(NEW."Text", d."Language")
                FROM documents d WHERE d."Id" = NEW."DocumentId";
            ELSIF TG_OP = 'UPDATE' THEN
                INSERT INTO search_entries (source, source_id, document_id, block_id, language, version, label, body, vector)
                SELECT 'version', OLD."Id"::text || ':' || OLD."Version", e.document_id, e.block_id, e.language, OLD."Version", OLD."Label", e.body, e.vector
                FROM search_entries e WHERE e.source = 'block' AND e.source_id = OLD."Id"::text
                ON CONFLICT DO NOTHING;
                UPDATE search_entries SET body = NEW."Text", vector = oewg_search_vector(NEW."Text", language)
                WHERE source = 'block' AND source_id = NEW."Id"::text;
            ELSE
                DELETE FROM search_entries WHERE source = 'version' AND source_id = OLD."Id"::text || ':' || OLD."Version";
                UPDATE search_entries SET source = 'version', source_id = OLD."Id"::text || ':' || OLD."Version", version = OLD."Version", label = OLD."Label"
                WHERE source = 'block' AND source_id = OLD."Id"::text;
            END IF;
            RETURN NULL;
        END $fn$;
        CREATE TRIGGER search_blocks_inserted AFTER INSERT OR DELETE ON blocks FOR EACH ROW EXECUTE FUNCTION oewg_search_blocks();
        CREATE TRIGGER search_blocks_changed AFTER UPDATE OF "Text" ON blocks FOR EACH ROW
            WHEN (OLD."Text" IS DISTINCT FROM NEW."Text") EXECUTE FUNCTION oewg_search_blocks();

        CREATE FUNCTION oewg_search_amendments() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                DELETE FROM search_entries WHERE source = 'amendment' AND source_id = OLD."Id"::text;
            END IF;
            IF NEW."Text" IS NOT NULL AND NEW."Text" <> '' THEN
                INSERT INTO search_entries (source, source_id, document_id, block_id, language, body, vector)
                SELECT 'amendment', NEW."Id"::text, NEW."DocumentId", NEW."BlockId", d."Language", NEW."Text", oewg_search_vector(NEW."Text", d."Language")
                FROM documents d WHERE d."Id" = NEW."DocumentId";
            END IF;
            RETURN NULL;
        END $fn$;
        CREATE TRIGGER search_amendments_inserted AFTER INSERT ON amendments FOR EACH ROW EXECUTE FUNCTION oewg_search_amendments();
        CREATE TRIGGER search_amendments_changed AFTER UPDATE OF "Text" ON amendments FOR EACH ROW
            WHEN (OLD."Text" IS DISTINCT FROM NEW."Text") EXECUTE FUNCTION oewg_search_amendments();

        CREATE FUNCTION oewg_search_translations() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO search_entries (source, source_id, document_id, block_id, language, body, vector)
                VALUES ('translation', NEW."BlockId"::text || ':' || NEW."Language", NEW."DocumentId", NEW."BlockId", NEW."Language", NEW."Text",
                    oewg_search_vector(NEW."Text", NEW."Language"));
            ELSIF TG_OP = 'UPDATE' THEN
                UPDATE search_entries SET body = NEW."Text", vector = oewg_search_vector(NEW."Text", language)
                WHERE source = 'translation' AND source_id = NEW."BlockId"::text || ':' || NEW."Language";
            ELSE
                DELETE FROM search_entries WHERE source = 'translation' AND source_id = OLD."BlockId"::text || ':' || OLD."Language";
            END IF;
            RETURN NULL;
        END $fn$;
        CREATE TRIGGER search_translations_inserted AFTER INSERT OR DELETE ON translated_blocks FOR EACH ROW EXECUTE FUNCTION oewg_search_translations();
        CREATE TRIGGER search_translations_changed AFTER UPDATE OF "Text" ON translated_blocks FOR EACH ROW
            WHEN (OLD."Text" IS DISTINCT FROM NEW."Text") EXECUTE FUNCTION oewg_search_translations();

        CREATE FUNCTION oewg_search_comments() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO search_entries (source, source_id, document_id, block_id, language, body, vector)
                SELECT 'comment', NEW."Id"::text, NEW."DocumentId", NEW."BlockId", d."Language", NEW."Text", oewg_search_vector(NEW."Text", d."Language")
                FROM documents d WHERE d."Id" = NEW."DocumentId";
            ELSIF TG_OP = 'UPDATE' THEN
                UPDATE search_entries SET body = NEW."Text", vector = oewg_search_vector(NEW."Text", language)
                WHERE source = 'comment' AND source_id = NEW."Id"::text;
            ELSE
                DELETE FROM search_entries WHERE source = 'comment' AND source_id = OLD."Id"::text;
            END IF;
            RETURN NULL;
        END $fn$;
        CREATE TRIGGER search_comments_inserted AFTER INSERT OR DELETE ON comments FOR EACH ROW EXECUTE FUNCTION oewg_search_comments();
        CREATE TRIGGER search_comments_changed AFTER UPDATE OF "Text" ON comments FOR EACH ROW
            WHEN (OLD."Text" IS DISTINCT FROM NEW."Text") EXECUTE FUNCTION oewg_search_comments();
        """;
}
