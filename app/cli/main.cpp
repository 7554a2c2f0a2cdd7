// dwb: the headless Defect Workbench, for servers, GPU boxes and scripts.

#include "Command.h"
#include "Commands.h"

#include "dwb/model/InferenceEngine.h"
#include "dwb/runtime/Runtime.h"

#include <opencv2/core/utils/logger.hpp>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace dwb::cli {
namespace {

struct Command {
    const char* name;
    const char* summary;
    int (*run)(std::span<const std::string>);
};

const Command kCommands[] = {
    {"import", "add a Magnetic Tile, Severstal or label-folder dataset to a project",
     importCommand},
    {"info", "counts per class and split, image sizes, import history", infoCommand},
    {"split", "reassign stratified train/val/test splits", splitCommand},
    {"demo", "write the built-in demo dataset and project", demoCommand},
    {"train", "train a CAN on the project (Ctrl-C checkpoints)", trainCommand},
    {"eval", "evaluate a trained run on a split", evalCommand},
    {"augment", "write guided-crop synthetic samples with their provenance", augmentCommand},
    {"bench", "speed of the CAN: inference and training images/s", benchCommand},
    {"predict", "run a trained model on image files or a folder", predictCommand},
    {"export", "export a trained model to ONNX, checked against LibTorch", exportCommand},
    {"export-dataset", "write the samples and masks as COCO or a label folder",
     exportDatasetCommand},
    {"job", "write a training job folder for another machine", jobCommand},
    {"import-run", "bring a job's trained run back into the project", importRunCommand},
};

void printUsage(std::FILE* out)
{
    std::fprintf(out, "Usage: dwb COMMAND [ARGS...]\n\nDefect Workbench on the command line.\n\n"
                      "Commands:\n");
    for (const auto& command : kCommands)
        std::fprintf(out, "  %-10s %s\n", command.name, command.summary);
    std::fprintf(out, "\n  --version  print versions of the tool and its libraries\n"
                      "  --help     show this help; 'dwb COMMAND --help' for a command\n");
}

void printVersion()
{
    const RuntimeInfo info = runtimeInfo();
    std::printf("dwb %s\nLibTorch %s (CUDA %s), OpenCV %s, SQLite %s\n", DWB_VERSION,
                info.torchVersion.c_str(),
                info.cudaAvailable ? (std::to_string(info.cudaDevices) + " device(s)").c_str()
                                   : "not available",
                info.opencvVersion.c_str(), info.sqliteVersion.c_str());
}

} // namespace
} // namespace dwb::cli

namespace {

// main() itself: what it throws is caught below.
int runMain(int argc, char** argv)
{
    using namespace dwb::cli;
    // Files OpenCV cannot read are reported by us, once, as warnings or errors.
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        printUsage(stderr);
        return kExitUsage;
    }
    const std::string& name = args.front();
    if (name == "-h" || name == "--help" || name == "help") {
        printUsage(stdout);
        return kExitOk;
    }
    if (name == "--version") {
        printVersion();
        return kExitOk;
    }
    // A misspelt engine override would otherwise be noticed only as an unexplained speed.
    if (const auto engine = dwb::engineFromEnvironment(); !engine)
        return reportError(engine.error(), kExitUsage);
    for (const auto& command : kCommands)
        if (name == command.name)
            return command.run(std::span(args).subspan(1));
    std::fprintf(stderr, "error: unknown command '%s'\n\n", name.c_str());
    printUsage(stderr);
    return kExitUsage;
}

} // namespace

// Nothing a user can feed in may end in "terminate called after throwing": an exception that
// escapes a command (a library's, on input no check foresaw) is reported as an error like any
// other, with exit code 1.
int main(int argc, char** argv)
{
    try {
        return runMain(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "error: an unexpected failure ended the command\n");
    }
    return dwb::cli::kExitError;
}
