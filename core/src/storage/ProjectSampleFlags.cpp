// ProjectDb: per-sample review flags.

#include "Sqlite.h"
#include "dwb/storage/ProjectDb.h"

namespace dwb {

using sqlite::Statement;

Status ProjectDb::setAmbiguous(std::int64_t sampleId, bool ambiguous, const std::string& note)
{
    // Checked first so that an unknown sample reads as NotFound, not as a constraint failure.
    if (auto known = sample(sampleId); !known)
        return std::unexpected(known.error());
    auto upsert = prepare(R"sql(
        INSERT INTO sample_flags (sample_id, ambiguous, note, updated_at)
        VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        ON CONFLICT (sample_id) DO UPDATE SET ambiguous = excluded.ambiguous,
            note = excluded.note, updated_at = excluded.updated_at)sql");
    if (!upsert)
        return std::unexpected(upsert.error());
    upsert->bind(1, sampleId).bind(2, std::int64_t{ambiguous ? 1 : 0});
    if (note.empty())
        upsert->bindNull(3);
    else
        upsert->bind(3, std::string_view(note));
    return upsert->run();
}

Result<std::vector<AmbiguousSample>> ProjectDb::ambiguousSamples() const
{
    auto query = prepare(R"sql(
        SELECT sample_id, note, updated_at FROM sample_flags
        WHERE ambiguous != 0 ORDER BY sample_id)sql");
    if (!query)
        return std::unexpected(query.error());
    return query->rows([](const Statement& row) {
        AmbiguousSample sample;
        sample.sampleId = row.int64(0);
        if (!row.isNull(1))
            sample.note = row.text(1);
        if (!row.isNull(2))
            sample.updatedAt = row.text(2);
        return sample;
    });
}

} // namespace dwb
