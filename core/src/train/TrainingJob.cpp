#include "dwb/train/TrainingJob.h"

#include "dwb/storage/ProjectDb.h"
#include "dwb/train/Trainer.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

namespace dwb {
namespace fs = std::filesystem;

namespace {

Status writeText(const fs::path& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
        return fail(ErrorCode::IoError, "cannot write " + path.string());
    return {};
}

// Copies each sample's image to images/<id>-<name> and points the snapshot at the copy,
// relative to it, so that the folder moves as one piece.
Status copyImages(ProjectDb& snapshot, const JobOptions& options, JobSummary& summary)
{
    auto samples = snapshot.samples();
    if (!samples)
        return std::unexpected(samples.error());
    const fs::path images = options.folder / "images";
    std::error_code ec;
    fs::create_directories(images, ec);
    if (ec)
        return fail(ErrorCode::IoError, "cannot create " + images.string() + ": " + ec.message());
    for (std::size_t i = 0; i < samples->size(); ++i) {
        const SampleRecord& sample = (*samples)[i];
        const std::string name =
            std::to_string(sample.id) + "-" + fs::path(sample.imagePath).filename().string();
        fs::copy_file(sample.imagePath, images / name, fs::copy_options::overwrite_existing, ec);
        if (ec)
            return fail(ErrorCode::IoError,
                        "cannot copy " + sample.imagePath + " into the job: " + ec.message());
        summary.bytes += fs::file_size(images / name, ec);
        if (auto ok = snapshot.setSampleImagePath(sample.id, "images/" + name); !ok)
            return ok;
        ++summary.images;
        if (options.progress && !options.progress(i + 1, samples->size()))
            return fail(ErrorCode::Cancelled, "cancelled");
    }
    return {};
}

std::string readme(const std::string& projectFile, int processes)
{
    std::ostringstream text;
    text << "A Defect Workbench training job (docs/distributed.md).\n\n"
         << "On the machine that trains it, with dwb installed, from this folder:\n\n"
         << "  sh run.sh            # " << processes << " process(es), as written\n"
         << "  sh run.sh 4          # 4 processes, e.g. one per GPU\n\n"
         << "Under a launcher that sets RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT (torchrun,\n"
         << "srun with those exported, a Kubernetes indexed job), run on every rank:\n\n"
         << "  dwb train " << projectFile << " --config training.conf\n\n"
         << "Every rank needs this folder (a shared disk or a copy). Rank 0 writes the run into\n"
         << projectFile << " and its files beside it. Bring the folder back and import the run\n"
         << "into the project it came from: Train page, Import Job Run, or\n\n"
         << "  dwb import-run PROJECT.dwb " << projectFile << "\n";
    return text.str();
}

} // namespace

Result<JobSummary> writeTrainingJob(const ProjectDb& project, const TrainingConfig& config,
                                    const JobOptions& options)
{
    if (options.processes < 1 || options.processes > 256)
        return fail(ErrorCode::InvalidArgument, "a job runs 1 to 256 processes");
    std::error_code ec;
    if (fs::exists(options.folder) && !fs::is_empty(options.folder, ec))
        return fail(ErrorCode::InvalidArgument, options.folder.string() + " is not empty");
    fs::create_directories(options.folder, ec);
    if (ec)
        return fail(ErrorCode::IoError,
                    "cannot create " + options.folder.string() + ": " + ec.message());
    JobSummary summary;
    // The snapshot keeps the project's file name: its runs' folders are named after it.
    const std::string projectFile = project.path().filename().string();
    summary.project = fs::absolute(options.folder / projectFile);
    if (auto ok = project.backupTo(summary.project); !ok)
        return std::unexpected(ok.error());
    auto snapshot = ProjectDb::open(summary.project);
    if (!snapshot)
        return std::unexpected(snapshot.error());
    auto runs = snapshot->runs();
    if (!runs)
        return std::unexpected(runs.error());
    for (const RunRecord& run : *runs)
        summary.firstRun = std::max(summary.firstRun, run.id + 1);
    if (options.copyImages)
        if (auto ok =
                snapshot->transaction([&] { return copyImages(*snapshot, options, summary); });
            !ok)
            return std::unexpected(ok.error());
    if (auto ok = snapshot->checkpoint(); !ok)
        return std::unexpected(ok.error());

    summary.command = "dwb train " + projectFile + " --config training.conf --nproc \"${1:-" +
                      std::to_string(options.processes) + "}\"";
    summary.script = fs::absolute(options.folder / "run.sh");
    const std::string script = "#!/bin/sh\n# Trains this job's run: sh run.sh [PROCESSES]\n"
                               "set -e\ncd \"$(dirname \"$0\")\"\nexec " +
                               summary.command + "\n";
    nlohmann::json job = {{"format", "dwb-job/1"},
                          {"project", projectFile},
                          {"first_run", summary.firstRun},
                          {"processes", options.processes},
                          {"images_copied", options.copyImages},
                          {"command", summary.command}};
    for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
             {"training.conf", toText(config)},
             {"run.sh", script},
             {"README.txt", readme(projectFile, options.processes)},
             {kJobFile, job.dump(2) + "\n"}})
        if (auto ok = writeText(options.folder / name, text); !ok)
            return std::unexpected(ok.error());
    fs::permissions(summary.script, fs::perms::owner_exec | fs::perms::group_exec,
                    fs::perm_options::add, ec);
    return summary;
}

Result<std::vector<std::int64_t>> jobRuns(const ProjectDb& jobProject)
{
    std::int64_t first = 1;
    std::ifstream in(jobProject.path().parent_path() / kJobFile);
    if (in) {
        const auto job = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
        if (job.is_object() && job.value("project", "") == jobProject.path().filename().string())
            first = job.value("first_run", std::int64_t{1});
    }
    auto runs = jobProject.runs();
    if (!runs)
        return std::unexpected(runs.error());
    std::vector<std::int64_t> ids;
    for (const RunRecord& run : *runs)
        if (run.id >= first)
            ids.push_back(run.id);
    return ids;
}

} // namespace dwb
