// Bringing a run back from a training job's project (dwb/train/TrainingJob.h).

#include "dwb/storage/ProjectDb.h"
#include "dwb/train/Trainer.h"
#include "dwb/train/TrainingJob.h"

namespace dwb {
namespace fs = std::filesystem;

namespace {

Status sameClasses(const ProjectDb& target, const ProjectDb& source)
{
    auto mine = target.classes();
    auto theirs = source.classes();
    if (!mine || !theirs)
        return std::unexpected(!mine ? mine.error() : theirs.error());
    std::string a, b;
    for (const ClassInfo& c : *mine)
        a += c.name + ",";
    for (const ClassInfo& c : *theirs)
        b += c.name + ",";
    if (a != b)
        return fail(ErrorCode::InvalidArgument, source.path().string() +
                                                    " has other classes than this project: its "
                                                    "runs cannot be compared here");
    return {};
}

// The curves, metrics and guided-crop sets of `runId` recorded again under `newId`.
Status copyRecords(ProjectDb& target, const ProjectDb& source, std::int64_t runId,
                   std::int64_t newId)
{
    auto epochs = source.runEpochs(runId);
    if (!epochs)
        return std::unexpected(epochs.error());
    for (const RunEpochRecord& epoch : *epochs) {
        if (auto ok = target.recordEpoch(newId, epoch); !ok)
            return ok;
        auto metrics = source.runMetrics(runId, epoch.epoch, "val");
        if (!metrics)
            return std::unexpected(metrics.error());
        if (auto ok = target.recordMetrics(newId, epoch.epoch, "val", *metrics); !ok)
            return ok;
    }
    auto sets = source.runAugmentations(runId);
    auto synthetic = source.syntheticSamples(runId);
    if (!sets || !synthetic)
        return std::unexpected(!sets ? sets.error() : synthetic.error());
    for (const AugmentationRecord& set : *sets) {
        std::vector<SyntheticSampleRecord> samples;
        for (const SyntheticSampleRecord& sample : *synthetic)
            if (sample.epoch == set.epoch)
                samples.push_back(sample);
        if (auto ok = target.recordAugmentation(newId, set, samples); !ok)
            return ok;
    }
    return {};
}

} // namespace

Result<std::int64_t> importRun(ProjectDb& target, const ProjectDb& source, std::int64_t runId)
{
    if (auto ok = sameClasses(target, source); !ok)
        return std::unexpected(ok.error());
    auto run = source.run(runId);
    if (!run)
        return std::unexpected(run.error());
    if (run->status == "running")
        return fail(ErrorCode::InvalidArgument,
                    "run " + std::to_string(runId) + " of " + source.path().string() +
                        " is still being trained (or was interrupted: resume it there first)");
    const fs::path from = runFolder(source.path(), runId);
    std::int64_t newId = 0;
    fs::path to;
    auto imported = target.transaction([&]() -> Status {
        auto created = target.createRun(run->config, run->device);
        if (!created)
            return std::unexpected(created.error());
        newId = *created;
        if (auto ok = copyRecords(target, source, runId, newId); !ok)
            return ok;
        to = runFolder(target.path(), newId);
        std::error_code ec;
        fs::create_directories(to, ec);
        for (const char* name : {"model.pt", kLastModelFile, "checkpoint.pt"})
            if (fs::exists(from / name))
                if (fs::copy_file(from / name, to / name, fs::copy_options::overwrite_existing, ec);
                    ec)
                    return fail(ErrorCode::IoError,
                                "cannot copy " + (from / name).string() + ": " + ec.message());
        const auto relative = [&](const char* name) {
            return fs::exists(to / name)
                       ? (to / name).lexically_relative(target.path().parent_path()).string()
                       : std::string();
        };
        return target.updateRun(newId, run->status, run->epochsDone, run->seconds,
                                relative("model.pt"), relative("checkpoint.pt"));
    });
    if (!imported) {
        std::error_code ignored;
        if (!to.empty())
            fs::remove_all(to, ignored);
        return std::unexpected(imported.error());
    }
    return newId;
}

} // namespace dwb
