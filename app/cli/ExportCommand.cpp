#include "Command.h"
#include "Commands.h"

#include "dwb/dataset/ImportPlan.h"
#include "dwb/model/ModelExport.h"
#include "dwb/runtime/Runtime.h"

#include <cstdio>
#include <limits>
#include <regex>

namespace dwb::cli {
namespace {

namespace fs = std::filesystem;

const CommandSpec kSpec{
    "export",
    "(P.dwb | MODEL) [IMAGES... | DIR] --out DIR [options]",
    "Exports a trained model for deployment: model.onnx (ONNX opset 13, batch normalisation\n"
    "folded, dynamic batch; any height and width that are multiples of the pooling when the\n"
    "trained size is one) and model.json (classes in output order, input, thresholds, source).\n"
    "Then runs model.onnx through OpenCV's DNN module on real images and compares its outputs\n"
    "with LibTorch's: above the tolerance both files are removed and the command fails. The\n"
    "images are those given, else the project's (validation split first).\n"
    "MODEL is a model file (a run's model.pt); P.dwb exports a run of the project.",
    {{"out", "DIR", "output folder, created if absent (required)"},
     {"format", "F", "onnx (the only format so far; default)"},
     {"run", "ID", "with P.dwb: the run (default: the latest with a model)"},
     {"check", "N", "images to compare the runtimes on (default 16)"},
     {"tolerance", "T", "largest accepted difference of logits (default 0.001)"}},
    1,
    std::numeric_limits<std::size_t>::max()};

struct Source {
    fs::path modelFile;
    fs::path project; // empty when unknown
    ModelSource info;
};

// A run's model file sits at <project stem>.runs/run-<id>/model.pt beside its project.
void guessProject(Source& source)
{
    static const std::regex runFolder(R"(run-([0-9]+))");
    const fs::path folder = source.modelFile.parent_path();
    std::smatch match;
    const std::string name = folder.filename().string();
    if (!std::regex_match(name, match, runFolder))
        return;
    const fs::path runs = folder.parent_path();
    if (runs.extension() != ".runs")
        return;
    const fs::path project = runs.parent_path() / (runs.stem().string() + ".dwb");
    std::error_code ec;
    if (!fs::is_regular_file(project, ec))
        return;
    source.project = project;
    source.info.project = project.filename().string();
    source.info.run = std::stoi(match[1].str());
}

Result<Source> resolveSource(const ParsedArgs& args)
{
    Source source;
    source.info.programVersion = DWB_VERSION;
    const fs::path first = args.positional[0];
    if (first.extension() != ".dwb") {
        if (args.value("run"))
            return fail(ErrorCode::InvalidArgument, "--run goes with a project (P.dwb)");
        source.modelFile = first;
        guessProject(source);
        return source;
    }
    auto project = openProject(first.string(), /*readOnly=*/true);
    if (!project)
        return fail(ErrorCode::NotFound, ""); // openProject has printed the error
    auto id = optionalInteger(args, "run", {.min = 1});
    if (!id)
        return std::unexpected(id.error());
    RunRecord run;
    if (*id) {
        auto found = project->run(**id);
        if (!found)
            return std::unexpected(found.error());
        run = *found;
    } else {
        auto runs = project->runs();
        if (!runs)
            return std::unexpected(runs.error());
        const auto it = std::find_if(runs->rbegin(), runs->rend(),
                                     [](const RunRecord& r) { return !r.modelPath.empty(); });
        if (it == runs->rend())
            return fail(ErrorCode::NotFound,
                        "the project has no trained model yet (run 'dwb train')");
        run = *it;
    }
    if (run.modelPath.empty())
        return fail(ErrorCode::NotFound,
                    "run " + std::to_string(run.id) + " has no model (it did not finish an epoch)");
    source.modelFile = fs::absolute(first).parent_path() / run.modelPath;
    source.project = first;
    source.info.project = first.filename().string();
    source.info.run = static_cast<int>(run.id);
    return source;
}

// The images given, or up to `count` of the project's: validation, then test, then train.
Result<std::vector<fs::path>> checkImages(const ParsedArgs& args, const Source& source,
                                          std::size_t count)
{
    std::vector<fs::path> images;
    for (std::size_t i = 1; i < args.positional.size(); ++i) {
        std::error_code ec;
        const std::string& input = args.positional[i];
        if (fs::is_directory(input, ec)) {
            const auto files = listFiles(input, imageExtensions());
            images.insert(images.end(), files.begin(), files.end());
        } else {
            images.emplace_back(input);
        }
    }
    if (!images.empty() || source.project.empty()) {
        if (images.empty())
            return fail(ErrorCode::InvalidArgument,
                        "no images to compare the runtimes on: give image files or a folder, or "
                        "export from the project (P.dwb)");
        if (images.size() > count)
            images.resize(count);
        return images;
    }
    return exportCheckImages(source.project, count);
}

int exportParsed(const ParsedArgs& args)
{
    const auto out = args.value("out");
    if (!out)
        return usageError("--out DIR is required");
    if (const auto format = args.value("format"); format && *format != "onnx")
        return usageError("--format expects onnx, got '" + *format + "'");
    std::size_t count = 16;
    if (auto ok = readInteger(args, "check", count, {.min = 1, .max = 100000}); !ok)
        return usageError(ok.error());
    auto tolerance = optionalNumber(args, "tolerance", {.min = 0, .max = 1e6});
    if (!tolerance)
        return usageError(tolerance.error());
    auto source = resolveSource(args);
    if (!source)
        return source.error().message.empty() ? kExitError : reportError(source.error());
    auto images = checkImages(args, *source, count);
    if (!images)
        return images.error().code == ErrorCode::InvalidArgument ? usageError(images.error())
                                                                 : reportError(images.error());
    configureRuntime();
    auto model = loadModel(source->modelFile, c10::Device(c10::kCPU));
    if (!model)
        return reportError(model.error());
    auto report =
        exportOnnx(*model, source->info, *images, *out, tolerance->value_or(kExportTolerance));
    if (!report)
        return reportError(report.error());
    const ModelMeta& meta = model->meta;
    std::printf("exported %s and model.json (%s, %zu classes, input %dx%d x %d channel%s%s) "
                "in %.2f s\n",
                report->onnxFile.string().c_str(), source->modelFile.filename().string().c_str(),
                meta.classNames.size(), meta.inputWidth, meta.inputHeight,
                meta.options.inputChannels, meta.options.inputChannels == 1 ? "" : "s",
                report->anySize ? ", any size that is a multiple of the pooling" : ", fixed size",
                report->exportSeconds);
    std::printf("checked against LibTorch on %d images with OpenCV DNN in %.2f s: largest "
                "difference %.3g in mask logits, %.3g in image logits, %.3g in scores "
                "(logits up to %.3g; tolerance %.3g)\n",
                report->imagesCompared, report->checkSeconds, report->maskDifference,
                report->imageDifference, report->scoreDifference, report->largestLogit,
                tolerance->value_or(kExportTolerance));
    return kExitOk;
}

} // namespace

int exportCommand(std::span<const std::string> args)
{
    return runCommand(kSpec, args, exportParsed);
}

} // namespace dwb::cli
