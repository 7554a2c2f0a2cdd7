// ProjectDb: guided-crop synthetic samples with their provenance.

#include "Sqlite.h"
#include "dwb/storage/ProjectDb.h"

namespace dwb {

using sqlite::Statement;

namespace {

SyntheticSampleRecord readSyntheticSample(const Statement& row)
{
    SyntheticSampleRecord sample;
    sample.id = row.int64(0);
    sample.createdAt = row.text(1);
    if (!row.isNull(2))
        sample.runId = row.int64(2);
    sample.seed = static_cast<std::uint64_t>(row.int64(3));
    sample.baseSampleId = row.int64(4);
    sample.classBits = static_cast<std::uint32_t>(row.int64(5));
    sample.provenance = row.text(6);
    const auto image = row.blob(7);
    const auto mask = row.blob(8);
    sample.imagePng.assign(image.begin(), image.end());
    sample.maskPng.assign(mask.begin(), mask.end());
    if (!row.isNull(9))
        sample.epoch = static_cast<int>(row.int64(9));
    return sample;
}

} // namespace

Result<std::int64_t> ProjectDb::addSyntheticSample(const SyntheticSampleRecord& sample)
{
    std::int64_t id = 0;
    auto ok = transaction([&]() -> Status {
        auto insert = prepare(R"sql(
            INSERT INTO synthetic_samples (run_id, seed, base_sample_id, class_bits, provenance,
                                           image_png, mask_png, epoch)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))sql");
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
        if (sample.epoch)
            insert->bind(8, std::int64_t{*sample.epoch});
        else
            insert->bindNull(8);
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
               CASE WHEN ?1 THEN image_png END, CASE WHEN ?1 THEN mask_png END, epoch
        FROM synthetic_samples WHERE ?2 IS NULL OR run_id = ?2 ORDER BY id)sql");
    if (!query)
        return std::unexpected(query.error());
    query->bind(1, std::int64_t{withPngs ? 1 : 0});
    if (runId)
        query->bind(2, *runId);
    else
        query->bindNull(2);
    return query->rows(readSyntheticSample);
}

Status ProjectDb::recordAugmentation(std::int64_t runId, const AugmentationRecord& record,
                                     const std::vector<SyntheticSampleRecord>& samples)
{
    return transaction([&]() -> Status {
        for (const char* sql : {"DELETE FROM synthetic_samples WHERE run_id = ?1 AND epoch = ?2",
                                "DELETE FROM run_augmentations WHERE run_id = ?1 AND epoch = ?2"}) {
            auto erase = prepare(sql);
            if (!erase)
                return std::unexpected(erase.error());
            erase->bind(1, runId).bind(2, std::int64_t{record.epoch});
            if (auto done = erase->run(); !done)
                return done;
        }
        auto trigger = prepare(R"sql(
            INSERT INTO run_augmentations (run_id, epoch, mode, images, seconds)
            VALUES (?1, ?2, ?3, ?4, ?5))sql");
        if (!trigger)
            return std::unexpected(trigger.error());
        trigger->bind(1, runId)
            .bind(2, std::int64_t{record.epoch})
            .bind(3, record.mode)
            .bind(4, std::int64_t{record.images})
            .bind(5, record.seconds);
        if (auto done = trigger->run(); !done)
            return done;
        for (const AugmentClassRow& row : record.classes) {
            auto insert = prepare(R"sql(
                INSERT INTO run_augmentation_classes (run_id, epoch, class_bit, probability,
                                                      generated)
                VALUES (?1, ?2, ?3, ?4, ?5))sql");
            if (!insert)
                return std::unexpected(insert.error());
            insert->bind(1, runId)
                .bind(2, std::int64_t{record.epoch})
                .bind(3, std::int64_t{row.classBit})
                .bind(4, row.probability)
                .bind(5, std::int64_t{row.generated});
            if (auto done = insert->run(); !done)
                return done;
        }
        for (SyntheticSampleRecord sample : samples) {
            sample.runId = runId;
            sample.epoch = record.epoch;
            if (auto id = addSyntheticSample(sample); !id)
                return std::unexpected(id.error());
        }
        return {};
    });
}

Result<std::vector<AugmentationRecord>> ProjectDb::runAugmentations(std::int64_t runId) const
{
    auto query = prepare(R"sql(
        SELECT a.epoch, a.mode, a.images, a.seconds, c.class_bit, c.probability, c.generated
        FROM run_augmentations a
        LEFT JOIN run_augmentation_classes c ON c.run_id = a.run_id AND c.epoch = a.epoch
        WHERE a.run_id = ?1 ORDER BY a.epoch, c.class_bit)sql");
    if (!query)
        return std::unexpected(query.error());
    query->bind(1, runId);
    // One row per class of a trigger (or one without a class): grouped by epoch.
    std::vector<AugmentationRecord> records;
    auto ok = query->forEach([&](const Statement& row) {
        const int epoch = static_cast<int>(row.int64(0));
        if (records.empty() || records.back().epoch != epoch) {
            AugmentationRecord& record = records.emplace_back();
            record.epoch = epoch;
            record.mode = row.text(1);
            record.images = static_cast<int>(row.int64(2));
            record.seconds = row.real(3);
        }
        if (!row.isNull(4))
            records.back().classes.push_back(
                {static_cast<int>(row.int64(4)), row.real(5), static_cast<int>(row.int64(6))});
    });
    if (!ok)
        return std::unexpected(ok.error());
    return records;
}

} // namespace dwb
