// `dwb job` writes a training job folder for another machine; `dwb import-run` brings its run
// back (dwb/train/TrainingJob.h, docs/distributed.md).

#include "Command.h"
#include "Commands.h"
#include "TrainOptions.h"

#include "dwb/storage/ProjectDb.h"
#include "dwb/train/TrainingJob.h"

#include <unistd.h>

#include <cstdio>

namespace dwb::cli {
namespace {

const CommandSpec& jobSpec()
{
    static const CommandSpec s = [] {
        CommandSpec c{"job",
                      "P.dwb --out DIR [--nproc N] [--copy-images] [training options]",
                      "Writes a training job for another machine (a GPU server, a cluster): DIR\n"
                      "holds a snapshot of the project, training.conf with the options given,\n"
                      "run.sh with the exact 'dwb train' command for N processes, and a README\n"
                      "with the torchrun, Slurm and Kubernetes recipes. Images stay where they\n"
                      "are (the other machine must see the same paths) unless --copy-images\n"
                      "copies them into DIR. Bring the folder back and 'dwb import-run' its run.",
                      trainingOptionSpecs(),
                      1,
                      1};
        c.options.push_back({"out", "DIR", "the job folder, new or empty (required)"});
        c.options.push_back({"nproc", "N", "processes the job starts, e.g. one per GPU (1)"});
        c.options.push_back({"copy-images", "", "copy the images into the job folder"});
        return c;
    }();
    return s;
}

int jobParsed(const ParsedArgs& args)
{
    const auto out = args.value("out");
    if (!out)
        return usageError("--out DIR is required");
    auto config = trainingConfigFromArgs(args);
    if (!config)
        return usageError(config.error());
    JobOptions options;
    options.folder = *out;
    options.copyImages = args.flag("copy-images");
    if (auto ok = readInteger(args, "nproc", options.processes, {.min = 1, .max = 256}); !ok)
        return usageError(ok.error());
    auto project = openProject(args.positional[0], /*readOnly=*/true);
    if (!project)
        return kExitError;
    if (isatty(STDERR_FILENO))
        options.progress = [](std::size_t done, std::size_t total) {
            std::fprintf(stderr, "\rcopying images %zu/%zu", done, total);
            if (done == total)
                std::fputc('\n', stderr);
            return true;
        };
    auto job = writeTrainingJob(*project, *config, options);
    if (!job)
        return reportError(job.error());
    std::printf("job written to %s\n", options.folder.c_str());
    if (job->images > 0)
        std::printf("%zu images copied (%.1f MB)\n", job->images,
                    static_cast<double>(job->bytes) / 1e6);
    std::printf("on the training machine: sh %s/run.sh [PROCESSES]\n"
                "then: dwb import-run %s %s\n",
                options.folder.c_str(), args.positional[0].c_str(), job->project.c_str());
    return kExitOk;
}

const CommandSpec kImportRunSpec{
    "import-run",
    "P.dwb JOB.dwb [--run N]",
    "Copies the runs a training job trained (or run N of any project with the same classes)\n"
    "into P.dwb as new runs: configuration, curves, metrics, guided-crop sets and model files.",
    {{"run", "N", "only run N of JOB.dwb"}},
    2,
    2};

int importRunParsed(const ParsedArgs& args)
{
    const auto only = optionalInteger(args, "run", {.min = 1});
    if (!only)
        return usageError(only.error());
    auto source = openProject(args.positional[1], /*readOnly=*/true);
    if (!source)
        return kExitError;
    auto target = openProject(args.positional[0]);
    if (!target)
        return kExitError;
    std::vector<std::int64_t> runs;
    if (*only) {
        runs.push_back(**only);
    } else {
        auto trained = jobRuns(*source);
        if (!trained)
            return reportError(trained.error());
        runs = *trained;
    }
    if (runs.empty())
        return reportError(
            Error{ErrorCode::NotFound, args.positional[1] + " holds no run of its job yet"});
    for (const std::int64_t run : runs) {
        auto imported = importRun(*target, *source, run);
        if (!imported)
            return reportError(imported.error());
        std::printf("run %lld of %s is run %lld here\n", static_cast<long long>(run),
                    args.positional[1].c_str(), static_cast<long long>(*imported));
    }
    return kExitOk;
}

} // namespace

int jobCommand(std::span<const std::string> args)
{
    return runCommand(jobSpec(), args, jobParsed);
}

int importRunCommand(std::span<const std::string> args)
{
    return runCommand(kImportRunSpec, args, importRunParsed);
}

} // namespace dwb::cli
