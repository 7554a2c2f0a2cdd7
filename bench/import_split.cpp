// Where import time goes: replays runImport's per-sample stages one by one with the same core
// calls and prints the time of each, so that a slow import row in bench_import can be traced
// to a stage. A diagnostic, not a benchmark: it prints no ratio and the stages only
// approximate the runner (see bench/README.md).

#include "dwb/core/ContentHash.h"
#include "dwb/dataset/Importers.h"
#include "dwb/imaging/ClassMask.h"
#include "dwb/storage/ProjectDb.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

namespace fs = std::filesystem;

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Seconds per stage, in first-use order.
class StageClock {
public:
    void add(const std::string& stage, double seconds)
    {
        if (!m_seconds.contains(stage))
            m_order.push_back(stage);
        m_seconds[stage] += seconds;
    }

    template <typename Work>
    auto time(const std::string& stage, Work&& work)
    {
        const auto start = std::chrono::steady_clock::now();
        auto result = work();
        add(stage, secondsSince(start));
        return result;
    }

    void print(std::size_t samples) const
    {
        double total = 0;
        for (const auto& stage : m_order)
            if (!stage.starts_with("  "))
                total += m_seconds.at(stage);
        std::printf("%-46s %9s %10s %6s\n", "stage", "total", "per sample", "share");
        for (const auto& stage : m_order) {
            const double s = m_seconds.at(stage);
            std::printf("%-46s %8.3fs %8.1fus %5.1f%%\n", stage.c_str(), s,
                        1e6 * s / static_cast<double>(samples), 100 * s / total);
        }
        std::printf("%-46s %8.3fs  (indented rows are not in the total)\n", "total", total);
    }

private:
    std::vector<std::string> m_order;
    std::map<std::string, double> m_seconds;
};

template <typename T>
T orDie(dwb::Result<T> result)
{
    if (!result) {
        std::cerr << "dwb_bench_import_split: " << result.error().message << '\n';
        std::exit(1);
    }
    return std::move(*result);
}

std::vector<std::uint8_t> readLikeRunner(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::uint8_t> readSized(const fs::path& path)
{
    std::vector<std::uint8_t> bytes(fs::file_size(path));
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return bytes;
}

// loadMask's parts, where the mask lies beside the image (Magnetic Tile).
void splitMaskStages(StageClock& clock, fs::path maskPath, cv::Size size)
{
    maskPath.replace_extension(".png");
    if (!fs::exists(maskPath))
        return;
    const cv::Mat gray = clock.time(
        "  mask imread", [&] { return cv::imread(maskPath.string(), cv::IMREAD_GRAYSCALE); });
    const cv::Mat binary = clock.time("  mask compare > 127", [&] {
        cv::Mat out;
        cv::compare(gray, 127, out, cv::CMP_GT);
        return out;
    });
    cv::Mat mask =
        clock.time("  emptyClassMask (zeros)", [&] { return dwb::emptyClassMask(size); });
    clock.time("  addClassPixels", [&] {
        dwb::addClassPixels(mask, binary, 0);
        return 0;
    });
}

std::vector<std::uint8_t> encodePng(const cv::Mat& image, const std::vector<int>& params)
{
    std::vector<std::uint8_t> out;
    cv::imencode(".png", image, out, params);
    return out;
}

// encodeClassMaskPng's parts and the OpenCV defaults a Python user gets.
void splitEncodeStages(StageClock& clock, const cv::Mat& mask)
{
    const cv::Mat narrow = clock.time("  minMaxLoc + convertTo 8-bit", [&] {
        double maxValue = 0;
        cv::minMaxLoc(mask, nullptr, &maxValue);
        cv::Mat out;
        mask.convertTo(out, CV_8U);
        return out;
    });
    clock.time("  imencode 8-bit, compression 3 (as core)", [&] {
        return encodePng(narrow, {cv::IMWRITE_PNG_COMPRESSION, 3});
    });
    clock.time("  imencode 8-bit, OpenCV default (1 + Z_RLE)",
               [&] { return encodePng(narrow, {}); });
    clock.time("  imencode 16-bit, OpenCV default (peer)", [&] { return encodePng(mask, {}); });
}

// The stages that runImport's SampleImporter and loadSample run, in order, plus the
// alternatives a fix might use (indented).
void replaySample(StageClock& clock, dwb::ProjectDb& project, const dwb::PlannedSample& planned)
{
    const auto path = clock.time("absolute path + findSampleByPath", [&] {
        auto p = fs::absolute(planned.imagePath).lexically_normal().string();
        orDie(project.findSampleByPath(p));
        return p;
    });
    const auto bytes = clock.time("read file (istreambuf_iterator)",
                                  [&] { return readLikeRunner(planned.imagePath); });
    clock.time("  read file (one sized read)", [&] { return readSized(planned.imagePath); });
    const auto hash = clock.time("contentHash (FNV-1a)", [&] { return dwb::contentHash(bytes); });
    const cv::Mat image =
        clock.time("imdecode image", [&] { return cv::imdecode(bytes, cv::IMREAD_UNCHANGED); });
    const cv::Mat mask = clock.time("loadMask (imread, compare, zeros, add bits)",
                                    [&] { return orDie(planned.loadMask(image.size())); });
    splitMaskStages(clock, planned.imagePath, image.size());
    clock.time("presentClassBits (label check)", [&] { return dwb::presentClassBits(mask); });
    const dwb::NewSample sample{planned.name, path, image.cols,
                                image.rows,   hash, planned.imageLabels};
    clock.time("addSample (class bits, PNG encode, 2 INSERTs)",
               [&] { return orDie(project.addSample(sample, mask, std::nullopt)); });
    clock.time("  of which encodeClassMaskPng", [&] { return dwb::encodeClassMaskPng(mask); });
    splitEncodeStages(clock, mask);
}

} // namespace

int main(int argc, char** argv)
{
    const fs::path dataset = argc > 1 ? argv[1] : "../shared/datasets/magnetic-tile";
    cv::setNumThreads(2);
    const fs::path db =
        fs::temp_directory_path() / ("dwb-import-split-" + std::to_string(::getpid()) + ".dwb");
    StageClock clock;
    const auto plan = clock.time("scan", [&] {
        return orDie(fs::is_directory(dataset / "images") ? dwb::scanLabelFolder(dataset)
                                                          : dwb::scanMagneticTile(dataset));
    });
    {
        auto project = orDie(dwb::ProjectDb::create(db));
        auto workDone = std::chrono::steady_clock::now();
        const auto written = project.transaction([&]() -> dwb::Status {
            for (const auto& planned : plan.samples)
                replaySample(clock, project, planned);
            auto splits = clock.time("assignProjectSplits (once)", [&] {
                return dwb::assignProjectSplits(project, dwb::SplitConfig{}, true);
            });
            workDone = std::chrono::steady_clock::now();
            return splits;
        });
        clock.add("commit (once)", secondsSince(workDone));
        if (!written)
            return 1;
    }
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(db.string() + suffix);
    std::printf("%zu samples from %s\n", plan.samples.size(), dataset.string().c_str());
    clock.print(plan.samples.size());
}
