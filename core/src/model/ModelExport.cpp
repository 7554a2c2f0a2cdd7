#include "dwb/model/ModelExport.h"

#include "dwb/core/DurableFile.h"
#include "dwb/eval/Prediction.h"
#include "dwb/imaging/TensorConversion.h"
#include "dwb/model/CanInference.h"
#include "dwb/model/OnnxCan.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/train/SampleSet.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <chrono>
#include <cmath>

namespace dwb {
namespace fs = std::filesystem;

namespace {

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Largest |a - b| of two float matrices of equal element count.
double largestDifference(const cv::Mat& a, const at::Tensor& b)
{
    const at::Tensor t = b.to(at::kCPU, at::kFloat).contiguous();
    if (static_cast<std::int64_t>(a.total()) != t.numel())
        return std::numeric_limits<double>::infinity();
    const float* p = a.ptr<float>();
    const float* q = t.data_ptr<float>();
    double worst = 0;
    for (std::int64_t i = 0; i < t.numel(); ++i)
        worst = std::max(worst, static_cast<double>(std::abs(p[i] - q[i])));
    return worst;
}

double sigmoid(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}

// Runs batches of images through both runtimes and keeps the largest differences in the report.
class Comparison {
public:
    Comparison(Can& network, const OnnxCan& onnx, const ModelMeta& meta, ExportReport& report)
        : m_network(network)
        , m_onnx(onnx)
        , m_meta(meta)
        , m_report(report)
    {
    }

    Status add(cv::Mat image)
    {
        m_batch.push_back(std::move(image));
        return m_batch.size() == kBatch ? flush() : Status{};
    }

    // Every readable image of `images`, decoded and resized as predict does.
    Status run(const std::vector<fs::path>& images)
    {
        const InputShape shape{m_meta.inputHeight, m_meta.inputWidth, m_meta.options.inputChannels};
        try {
            for (const fs::path& path : images) {
                std::string unreadable; // such images are passed over
                const cv::Mat image = readModelImage(path, shape.channels, unreadable);
                if (!image.empty())
                    if (auto ok = add(resizeImage(image, shape)); !ok)
                        return ok;
            }
            return flush();
        } catch (const std::exception& e) {
            return fail(ErrorCode::Internal, std::string("the comparison failed: ") + e.what());
        }
    }

    Status flush()
    {
        if (m_batch.empty())
            return {};
        auto out = m_onnx.forward(m_batch, m_meta.options.standardize);
        if (!out)
            return std::unexpected(out.error());
        std::vector<at::Tensor> tensors;
        for (const cv::Mat& image : m_batch)
            tensors.push_back(imageToTensor(image));
        const torch::NoGradGuard noGrad;
        const CanOutput expected = m_network->forward(at::stack(tensors));
        ExportReport& r = m_report;
        r.maskDifference =
            std::max(r.maskDifference, largestDifference(out->maskLogits, expected.maskLogits));
        r.imageDifference =
            std::max(r.imageDifference, largestDifference(out->imageLogits, expected.imageLogits));
        r.largestLogit = std::max(r.largestLogit, expected.maskLogits.abs().max().item<double>());
        const at::Tensor ours = expected.imageLogits.contiguous();
        for (std::int64_t i = 0; i < ours.numel(); ++i)
            r.scoreDifference =
                std::max(r.scoreDifference,
                         std::abs(sigmoid(ours.data_ptr<float>()[i]) -
                                  sigmoid(out->imageLogits.ptr<float>()[static_cast<int>(i)])));
        r.imagesCompared += static_cast<int>(m_batch.size());
        m_batch.clear();
        return {};
    }

private:
    static constexpr std::size_t kBatch = 4;
    Can& m_network;
    const OnnxCan& m_onnx;
    const ModelMeta& m_meta;
    ExportReport& m_report;
    std::vector<cv::Mat> m_batch;
};

} // namespace

Result<ExportReport> exportOnnx(const LoadedModel& model, const ModelSource& source,
                                const std::vector<fs::path>& images, const fs::path& outDir,
                                double tolerance)
{
    const ModelMeta& meta = model.meta;
    ExportReport report;
    report.onnxFile = outDir / "model.onnx";
    report.jsonFile = outDir / "model.json";
    report.anySize = onnxTakesAnySize(meta.options, meta.inputHeight, meta.inputWidth);
    const auto started = std::chrono::steady_clock::now();
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec)
        return fail(ErrorCode::IoError, "cannot create " + outDir.string() + ": " + ec.message());

    Can network = model.model; // shares the module
    network->eval();
    const CanInference folded(network, InferenceEngine::Nchw);
    auto bytes = canToOnnx(folded.foldedLayers(), meta.options, meta.inputHeight, meta.inputWidth,
                           source.programVersion);
    if (!bytes)
        return std::unexpected(bytes.error());
    if (auto ok = writeFileDurably(report.onnxFile, *bytes); !ok)
        return std::unexpected(ok.error());
    if (auto ok = writeFileDurably(report.jsonFile, deploymentJson(meta, source, report.anySize));
        !ok) {
        fs::remove(report.onnxFile, ec);
        return std::unexpected(ok.error());
    }
    report.exportSeconds = seconds(started);

    const auto refuse = [&](const std::string& why) {
        fs::remove(report.onnxFile, ec);
        fs::remove(report.jsonFile, ec);
        return fail(ErrorCode::Internal, why + "; nothing exported");
    };
    const auto checkStarted = std::chrono::steady_clock::now();
    auto onnx = OnnxCan::load(report.onnxFile);
    if (!onnx)
        return refuse(onnx.error().message);
    Comparison comparison{network, *onnx, meta, report};
    if (auto ok = comparison.run(images); !ok)
        return refuse(ok.error().message);
    report.checkSeconds = seconds(checkStarted);
    if (report.imagesCompared == 0)
        return refuse("no readable image to compare the two runtimes on");
    const double worst = std::max(report.maskDifference, report.imageDifference);
    if (!(worst <= tolerance)) {
        char text[200];
        std::snprintf(text, sizeof text,
                      "the exported model's outputs differ from LibTorch's by up to %.3g on %d "
                      "images (tolerance %.3g)",
                      worst, report.imagesCompared, tolerance);
        return refuse(text);
    }
    return report;
}

namespace {

// Up to `count` images of `db`: validation, then test, train and unassigned.
Result<std::vector<fs::path>> checkImagesOf(const ProjectDb& db, std::size_t count)
{
    auto samples = db.samples();
    if (!samples)
        return std::unexpected(samples.error());
    std::vector<fs::path> images;
    for (const Split split : {Split::Validation, Split::Test, Split::Train, Split::Unassigned})
        for (const auto& sample : *samples)
            if (sample.split == split && images.size() < count)
                images.emplace_back(sample.imagePath);
    return images;
}

} // namespace

Result<std::vector<fs::path>> exportCheckImages(const fs::path& project, std::size_t count)
{
    auto db = ProjectDb::openReadOnly(project);
    if (!db)
        return std::unexpected(db.error());
    return checkImagesOf(*db, count);
}

Result<ExportReport> exportRun(const fs::path& project, std::int64_t runId, const fs::path& outDir,
                               std::size_t checkCount, const std::string& programVersion,
                               double tolerance)
{
    auto db = ProjectDb::openReadOnly(project);
    if (!db)
        return std::unexpected(db.error());
    auto run = db->run(runId);
    if (!run)
        return std::unexpected(run.error());
    if (run->modelPath.empty())
        return fail(ErrorCode::NotFound,
                    "run " + std::to_string(runId) + " has no model (it did not finish an epoch)");
    auto images = checkImagesOf(*db, checkCount);
    if (!images)
        return std::unexpected(images.error());
    auto model =
        loadModel(fs::absolute(project).parent_path() / run->modelPath, c10::Device(c10::kCPU));
    if (!model)
        return std::unexpected(model.error());
    const ModelSource source{project.filename().string(), static_cast<int>(runId), programVersion};
    return exportOnnx(*model, source, *images, outDir, tolerance);
}

} // namespace dwb
