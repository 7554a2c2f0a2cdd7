// ProjectDb: guided-crop synthetic samples with their provenance.

#include "Sqlite.h"
#include "dwb/storage/ProjectDb.h"

namespace dwb {

using sqlite::Statement;

Result<std::int64_t> ProjectDb::addSyntheticSample(const SyntheticSampleRecord& sample)
{
    std::int64_t id = 0;
    auto ok = transaction([&]() -> Status {
        auto insert = prepare(R"sql(
            INSERT INTO synthetic_samples (run_id, seed, base_sample_id, class_bits, provenance,
                                           image_png, mask_png)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql");
        if (!insert)
            return std::unexpected(insert.error());
        if (sample.runId)
            insert->bind(1, *sample.runId);
        else
            insert->bindNull(1);
        insert->bind(2, static_cast<std::int64_t>(sample.seed))
            .bind(3, sample.baseSampleId)
            .bind(4, std::int64_t{sample.classBits})
            .bind(5, sample.provenance);
        for (const auto& [column, png] :
             {std::pair{6, &sample.imagePng}, std::pair{7, &sample.maskPng}}) {
            if (png->empty())
                insert->bindNull(column);
            else
                insert->bindBlob(column, *png);
        }
        if (auto done = insert->run(); !done)
            return done;
        id = sqlite3_last_insert_rowid(handle());
        return {};
    });
    if (!ok)
        return std::unexpected(ok.error());
    return id;
}

Result<std::vector<SyntheticSampleRecord>>
ProjectDb::syntheticSamples(std::optional<std::int64_t> runId, bool withPngs) const
{
    // ?2 keeps one cached statement for both queries; the PNG columns are only read when asked.
    auto query = prepare(R"sql(
        SELECT id, created_at, run_id, seed, base_sample_id, class_bits, provenance,
               CASE WHEN ?1 THEN image_png END, CASE WHEN ?1 THEN mask_png END
        FROM synthetic_samples WHERE ?2 IS NULL OR run_id = ?2 ORDER BY id)sql");
    if (!query)
        return std::unexpected(query.error());
    query->bind(1, std::int64_t{withPngs ? 1 : 0});
    if (runId)
        query->bind(2, *runId);
    else
        query->bindNull(2);
    std::vector<SyntheticSampleRecord> samples;
    while (true) {
        auto row = query->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            return samples;
        SyntheticSampleRecord& sample = samples.emplace_back();
        sample.id = query->int64(0);
        sample.createdAt = query->text(1);
        if (!query->isNull(2))
            sample.runId = query->int64(2);
        sample.seed = static_cast<std::uint64_t>(query->int64(3));
        sample.baseSampleId = query->int64(4);
        sample.classBits = static_cast<std::uint32_t>(query->int64(5));
        sample.provenance = query->text(6);
        const auto image = query->blob(7);
        const auto mask = query->blob(8);
        sample.imagePng.assign(image.begin(), image.end());
        sample.maskPng.assign(mask.begin(), mask.end());
    }
}

} // namespace dwb
