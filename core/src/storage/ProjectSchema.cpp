#include "ProjectSchema.h"

#include "Sqlite.h"

#include <array>
#include <string>

namespace dwb::schema {
namespace {

// Step i takes the schema from version i to version i + 1. Never edit a released step: add one.
constexpr std::array<const char*, 8> kSteps = {
    // 0 -> 1: classes, samples and append-only mask revisions.
    R"sql(
    CREATE TABLE project_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE classes (
        id    INTEGER PRIMARY KEY,
        bit   INTEGER NOT NULL UNIQUE CHECK (bit BETWEEN 0 AND 15),
        name  TEXT NOT NULL UNIQUE,
        color TEXT NOT NULL
    );
    CREATE TABLE samples (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        image_path   TEXT NOT NULL UNIQUE,
        width        INTEGER NOT NULL CHECK (width > 0),
        height       INTEGER NOT NULL CHECK (height > 0),
        content_hash TEXT NOT NULL,
        split        INTEGER NOT NULL DEFAULT 0,
        created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE TABLE mask_revisions (
        id         INTEGER PRIMARY KEY,
        sample_id  INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
        revision   INTEGER NOT NULL CHECK (revision > 0),
        class_bits INTEGER NOT NULL,
        png        BLOB NOT NULL,
        note       TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE (sample_id, revision)
    );
    )sql",
    // 1 -> 2: import history, samples remember their import, image-level labels beyond the
    // mask, splits are indexed.
    R"sql(
    CREATE TABLE imports (
        id         INTEGER PRIMARY KEY,
        kind       TEXT NOT NULL,
        source     TEXT NOT NULL,
        started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        added      INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0,
        skipped    INTEGER NOT NULL DEFAULT 0
    );
    ALTER TABLE samples ADD COLUMN import_id INTEGER REFERENCES imports(id);
    ALTER TABLE samples ADD COLUMN label_bits INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX samples_by_split ON samples(split);
    )sql",
    // 2 -> 3: training runs with their configuration, per-epoch losses and metrics.
    R"sql(
    CREATE TABLE runs (
        id              INTEGER PRIMARY KEY,
        started_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        finished_at     TEXT,
        status          TEXT NOT NULL DEFAULT 'running',
        config          TEXT NOT NULL,
        device          TEXT NOT NULL,
        epochs_done     INTEGER NOT NULL DEFAULT 0,
        seconds         REAL NOT NULL DEFAULT 0,
        model_path      TEXT,
        checkpoint_path TEXT
    );
    CREATE TABLE run_epochs (
        run_id            INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch             INTEGER NOT NULL,
        lambda            REAL NOT NULL,
        seconds           REAL NOT NULL,
        images_per_second REAL NOT NULL,
        PRIMARY KEY (run_id, epoch)
    );
    CREATE TABLE run_losses (
        run_id    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch     INTEGER NOT NULL,
        phase     TEXT NOT NULL,
        class_bit INTEGER NOT NULL,
        cls       REAL NOT NULL,
        seg       REAL NOT NULL,
        PRIMARY KEY (run_id, epoch, phase, class_bit)
    );
    CREATE TABLE run_metrics (
        run_id    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch     INTEGER NOT NULL,
        split     TEXT NOT NULL,
        class_bit INTEGER NOT NULL,
        name      TEXT NOT NULL,
        value     REAL NOT NULL,
        PRIMARY KEY (run_id, epoch, split, class_bit, name)
    );
    )sql",
    // 3 -> 4: guided-crop synthetic samples with their provenance (dwb/augment/Provenance.h),
    // optionally with their image and class-mask PNGs. base_sample_id has no foreign key on
    // purpose: the provenance stays readable even if a sample is removed later.
    R"sql(
    CREATE TABLE synthetic_samples (
        id             INTEGER PRIMARY KEY,
        created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        run_id         INTEGER REFERENCES runs(id) ON DELETE CASCADE,
        seed           INTEGER NOT NULL,
        base_sample_id INTEGER NOT NULL,
        class_bits     INTEGER NOT NULL,
        provenance     TEXT NOT NULL,
        image_png      BLOB,
        mask_png       BLOB
    );
    CREATE INDEX synthetic_samples_by_run ON synthetic_samples(run_id);
    )sql",
    // 4 -> 5: guided-crop augmentation inside training runs. Each trigger (the epoch whose
    // training set it made) records the sampler's mode, its class probabilities and the images
    // generated per class; the synthetic samples of a run carry their trigger epoch.
    R"sql(
    ALTER TABLE synthetic_samples ADD COLUMN epoch INTEGER;
    CREATE TABLE run_augmentations (
        run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch   INTEGER NOT NULL,
        mode    TEXT NOT NULL,
        images  INTEGER NOT NULL,
        seconds REAL NOT NULL,
        PRIMARY KEY (run_id, epoch)
    );
    CREATE TABLE run_augmentation_classes (
        run_id      INTEGER NOT NULL,
        epoch       INTEGER NOT NULL,
        class_bit   INTEGER NOT NULL,
        probability REAL NOT NULL,
        generated   INTEGER NOT NULL,
        PRIMARY KEY (run_id, epoch, class_bit),
        FOREIGN KEY (run_id, epoch) REFERENCES run_augmentations(run_id, epoch) ON DELETE CASCADE
    );
    )sql",
    // 5 -> 6: cached predictions of a run's model on a split, for error review without running
    // the model again. prediction_sets holds what is common to a (run, split); predictions holds
    // per sample the image-level scores (little-endian float32, one per class) and the per-class
    // probability maps quantised to 8 bits, stacked top to bottom in class order in one PNG.
    R"sql(
    CREATE TABLE prediction_sets (
        run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        split      TEXT NOT NULL,
        threshold  REAL NOT NULL,
        classes    INTEGER NOT NULL CHECK (classes > 0),
        width      INTEGER NOT NULL CHECK (width > 0),
        height     INTEGER NOT NULL CHECK (height > 0),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (run_id, split)
    );
    CREATE TABLE predictions (
        run_id    INTEGER NOT NULL,
        split     TEXT NOT NULL,
        sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
        scores    BLOB NOT NULL,
        maps_png  BLOB NOT NULL,
        PRIMARY KEY (run_id, split, sample_id),
        FOREIGN KEY (run_id, split) REFERENCES prediction_sets(run_id, split) ON DELETE CASCADE
    );
    )sql",
    // 6 -> 7: per-sample review flags set while reviewing errors. A cleared flag keeps its row
    // (ambiguous = 0) so the note and the time of the last change survive.
    R"sql(
    CREATE TABLE sample_flags (
        sample_id  INTEGER PRIMARY KEY REFERENCES samples(id) ON DELETE CASCADE,
        ambiguous  INTEGER NOT NULL,
        note       TEXT,
        updated_at TEXT
    );
    )sql",
    // 7 -> 8: a prediction cache remembers the per-class thresholds of a calibrated model
    // (space-separated, class order; empty: `threshold` for every class).
    R"sql(
    ALTER TABLE prediction_sets ADD COLUMN image_thresholds TEXT NOT NULL DEFAULT '';
    ALTER TABLE prediction_sets ADD COLUMN pixel_thresholds TEXT NOT NULL DEFAULT '';
    )sql",
};

} // namespace

Result<int> readVersion(sqlite3* db)
{
    auto table = sqlite::Statement::prepare(
        db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'project_meta'");
    if (!table)
        return std::unexpected(table.error());
    auto tables = table->oneOr([](const sqlite::Statement& row) { return row.int64(0); }, 0);
    if (!tables)
        return std::unexpected(tables.error());
    if (*tables == 0)
        return 0;

    auto query = sqlite::Statement::prepare(
        db, "SELECT value FROM project_meta WHERE key = 'schema_version'");
    if (!query)
        return std::unexpected(query.error());
    auto text = query->one([](const sqlite::Statement& row) { return row.text(0); },
                           {ErrorCode::Corrupt, "project has no schema_version"});
    if (!text)
        return std::unexpected(text.error());
    try {
        return std::stoi(*text);
    } catch (const std::exception&) {
        return fail(ErrorCode::Corrupt, "project has an unreadable schema_version");
    }
}

Status migrate(sqlite3* db, int target)
{
    if (target < 1 || target > static_cast<int>(kSteps.size()))
        return fail(ErrorCode::InvalidArgument, "unknown schema version " + std::to_string(target));
    // A project at the target already needs no write (it may be on a read-only disk).
    if (auto current = readVersion(db); current && *current == target)
        return {};
    auto transaction = sqlite::Transaction::begin(db);
    if (!transaction)
        return std::unexpected(transaction.error());
    auto version = readVersion(db);
    if (!version)
        return std::unexpected(version.error());
    for (int step = *version; step < target; ++step) {
        if (auto ok = sqlite::exec(db, kSteps[static_cast<std::size_t>(step)]); !ok)
            return withContext(ok, "migration to schema " + std::to_string(step + 1));
    }
    auto write = sqlite::Statement::prepare(
        db, "INSERT INTO project_meta (key, value) VALUES ('schema_version', ?1) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!write)
        return std::unexpected(write.error());
    write->bind(1, std::to_string(target));
    if (auto ok = write->run(); !ok)
        return ok;
    const std::string appId = "PRAGMA application_id = " + std::to_string(kApplicationId);
    if (auto ok = sqlite::exec(db, appId.c_str()); !ok)
        return ok;
    return transaction->commit();
}

} // namespace dwb::schema
