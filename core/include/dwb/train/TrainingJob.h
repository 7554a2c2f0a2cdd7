#pragma once

// A run handed to another machine and back. A job folder holds a snapshot of the project (with
// copies of its images, or their paths), the configuration and the exact `dwb train` commands for
// one or N devices; whoever runs it there brings the finished project back, and importRun copies
// its run into the project it came from (docs/distributed.md). Torch-free header.

#include "dwb/core/Error.h"
#include "dwb/train/TrainingConfig.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace dwb {

class ProjectDb;

struct JobOptions {
    std::filesystem::path folder; // created; must be empty when it exists
    int processes = 1;            // ranks the job's command starts on its machine (--nproc)
    // Copy every image into the folder (a self-contained job) instead of keeping the project's
    // absolute paths (a job on a machine that sees the same files).
    bool copyImages = false;
    // Called after each image copied, with (done, total); returning false cancels.
    std::function<bool(std::size_t, std::size_t)> progress;
};

struct JobSummary {
    std::filesystem::path project; // the snapshot the job trains
    std::filesystem::path script;  // run.sh
    std::string command;           // the command run.sh runs
    std::size_t images = 0;        // copied
    std::uint64_t bytes = 0;       // of the copied images
    std::int64_t firstRun = 1;     // runs from this id on are the job's
};

inline constexpr const char* kJobFile = "job.json";

Result<JobSummary> writeTrainingJob(const ProjectDb& project, const TrainingConfig& config,
                                    const JobOptions& options);

// The runs a job's project holds that the job trained (ids from its firstRun on); for any other
// project, every run.
Result<std::vector<std::int64_t>> jobRuns(const ProjectDb& jobProject);

// Copies run `runId` of `source` into `target`: its configuration, curves, metrics, guided-crop
// sets and files (model, last model, checkpoint), as a new run of `target`. Both projects must
// have the same classes. Returns the new run's id.
Result<std::int64_t> importRun(ProjectDb& target, const ProjectDb& source, std::int64_t runId);

} // namespace dwb
