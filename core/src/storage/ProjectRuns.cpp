// ProjectDb: training runs, their per-epoch losses and their metrics.

#include "Sqlite.h"
#include "dwb/storage/ProjectDb.h"

namespace dwb {

using sqlite::Statement;

namespace {

RunRecord readRun(const Statement& row)
{
    RunRecord run;
    run.id = row.int64(0);
    run.startedAt = row.text(1);
    run.finishedAt = row.text(2);
    run.status = row.text(3);
    run.config = row.text(4);
    run.device = row.text(5);
    run.epochsDone = static_cast<int>(row.int64(6));
    run.seconds = row.real(7);
    run.modelPath = row.text(8);
    run.checkpointPath = row.text(9);
    return run;
}

constexpr const char* kRunSelect =
    "SELECT id, started_at, finished_at, status, config, device, epochs_done, seconds, "
    "model_path, checkpoint_path FROM runs";

} // namespace

Result<std::int64_t> ProjectDb::createRun(const std::string& configText, const std::string& device)
{
    auto insert = prepare("INSERT INTO runs (config, device) VALUES (?1, ?2)");
    if (!insert)
        return std::unexpected(insert.error());
    insert->bind(1, configText).bind(2, device);
    if (auto ok = insert->run(); !ok)
        return std::unexpected(ok.error());
    return sqlite3_last_insert_rowid(handle());
}

Status ProjectDb::recordEpoch(std::int64_t runId, const RunEpochRecord& record)
{
    return transaction([&]() -> Status {
        auto epoch = prepare(R"sql(
            INSERT OR REPLACE INTO run_epochs (run_id, epoch, lambda, seconds, images_per_second)
            VALUES (?1, ?2, ?3, ?4, ?5))sql");
        if (!epoch)
            return std::unexpected(epoch.error());
        epoch->bind(1, runId)
            .bind(2, std::int64_t{record.epoch})
            .bind(3, record.lambda)
            .bind(4, record.seconds)
            .bind(5, record.imagesPerSecond);
        if (auto ok = epoch->run(); !ok)
            return ok;
        for (const auto& [phase, rows] :
             {std::pair{"train", &record.train}, std::pair{"val", &record.validation}}) {
            for (const LossRow& row : *rows) {
                auto loss = prepare(R"sql(
                    INSERT OR REPLACE INTO run_losses (run_id, epoch, phase, class_bit, cls, seg)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6))sql");
                if (!loss)
                    return std::unexpected(loss.error());
                loss->bind(1, runId)
                    .bind(2, std::int64_t{record.epoch})
                    .bind(3, std::string_view(phase))
                    .bind(4, std::int64_t{row.classBit})
                    .bind(5, row.cls)
                    .bind(6, row.seg);
                if (auto ok = loss->run(); !ok)
                    return ok;
            }
        }
        return {};
    });
}

Status ProjectDb::recordMetrics(std::int64_t runId, int epoch, const std::string& split,
                                const std::vector<MetricRow>& rows)
{
    return transaction([&]() -> Status {
        for (const MetricRow& row : rows) {
            auto insert = prepare(R"sql(
                INSERT OR REPLACE INTO run_metrics (run_id, epoch, split, class_bit, name, value)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6))sql");
            if (!insert)
                return std::unexpected(insert.error());
            insert->bind(1, runId)
                .bind(2, std::int64_t{epoch})
                .bind(3, split)
                .bind(4, std::int64_t{row.classBit})
                .bind(5, row.name)
                .bind(6, row.value);
            if (auto ok = insert->run(); !ok)
                return ok;
        }
        return {};
    });
}

Status ProjectDb::dropEpochsFrom(std::int64_t runId, int epoch)
{
    return transaction([&]() -> Status {
        for (const char* sql :
             {"DELETE FROM run_epochs WHERE run_id = ?1 AND epoch >= ?2",
              "DELETE FROM run_losses WHERE run_id = ?1 AND epoch >= ?2",
              "DELETE FROM run_metrics WHERE run_id = ?1 AND epoch >= ?2 AND split = 'val'"}) {
            auto statement = prepare(sql);
            if (!statement)
                return std::unexpected(statement.error());
            statement->bind(1, runId).bind(2, std::int64_t{epoch});
            if (auto ok = statement->run(); !ok)
                return ok;
        }
        return {};
    });
}

Status ProjectDb::setRunStatus(std::int64_t runId, const std::string& status)
{
    auto update = prepare(R"sql(
        UPDATE runs SET status = ?2,
                        finished_at = CASE WHEN ?2 = 'running' THEN NULL
                                      ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END
        WHERE id = ?1)sql");
    if (!update)
        return std::unexpected(update.error());
    update->bind(1, runId).bind(2, status);
    return update->run();
}

Status ProjectDb::updateRun(std::int64_t runId, const std::string& status, int epochsDone,
                            double seconds, const std::string& modelPath,
                            const std::string& checkpointPath)
{
    auto update = prepare(R"sql(
        UPDATE runs SET status = ?2, epochs_done = ?3, seconds = ?4, model_path = ?5,
                        checkpoint_path = ?6,
                        finished_at = CASE WHEN ?2 = 'running' THEN NULL
                                      ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END
        WHERE id = ?1)sql");
    if (!update)
        return std::unexpected(update.error());
    update->bind(1, runId)
        .bind(2, status)
        .bind(3, std::int64_t{epochsDone})
        .bind(4, seconds)
        .bind(5, modelPath)
        .bind(6, checkpointPath);
    return update->run();
}

Result<std::vector<RunRecord>> ProjectDb::runs() const
{
    auto query = prepare(std::string(kRunSelect) + " ORDER BY id");
    if (!query)
        return std::unexpected(query.error());
    return query->rows(readRun);
}

Result<RunRecord> ProjectDb::run(std::int64_t runId) const
{
    auto query = prepare(std::string(kRunSelect) + " WHERE id = ?1");
    if (!query)
        return std::unexpected(query.error());
    query->bind(1, runId);
    return query->one(readRun, {ErrorCode::NotFound, "no training run " + std::to_string(runId)});
}

Result<std::vector<RunEpochRecord>> ProjectDb::runEpochs(std::int64_t runId) const
{
    auto query = prepare(
        "SELECT epoch, lambda, seconds, images_per_second FROM run_epochs WHERE run_id = ?1 "
        "ORDER BY epoch");
    if (!query)
        return std::unexpected(query.error());
    query->bind(1, runId);
    auto epochs = query->rows([](const Statement& row) {
        return RunEpochRecord{
            static_cast<int>(row.int64(0)), row.real(1), row.real(2), row.real(3), {}, {}};
    });
    if (!epochs)
        return epochs;
    auto losses = prepare("SELECT epoch, phase, class_bit, cls, seg FROM run_losses "
                          "WHERE run_id = ?1 ORDER BY epoch, phase, class_bit");
    if (!losses)
        return std::unexpected(losses.error());
    losses->bind(1, runId);
    auto ok = losses->forEach([&](const Statement& row) {
        const int epoch = static_cast<int>(row.int64(0));
        for (auto& record : *epochs)
            if (record.epoch == epoch)
                (row.text(1) == "train" ? record.train : record.validation)
                    .push_back({static_cast<int>(row.int64(2)), row.real(3), row.real(4)});
    });
    if (!ok)
        return std::unexpected(ok.error());
    return epochs;
}

Result<std::vector<MetricRow>> ProjectDb::runMetrics(std::int64_t runId, int epoch,
                                                     const std::string& split) const
{
    auto query =
        prepare("SELECT class_bit, name, value FROM run_metrics "
                "WHERE run_id = ?1 AND epoch = ?2 AND split = ?3 ORDER BY class_bit, name");
    if (!query)
        return std::unexpected(query.error());
    query->bind(1, runId).bind(2, std::int64_t{epoch}).bind(3, split);
    return query->rows([](const Statement& row) {
        return MetricRow{static_cast<int>(row.int64(0)), row.text(1), row.real(2)};
    });
}

} // namespace dwb
