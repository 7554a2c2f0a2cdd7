// Data-layer benchmark: imports a dataset into a fresh project through the real code path
// (scanner + runImport into a temporary .dwb) and times the Severstal RLE codec on generated
// masks. bench/run.sh runs bench/reference/import_peer.py on the same input and prints ratios;
// speed targets live here, never in timed tests.

#include "dwb/dataset/DemoGenerator.h"
#include "dwb/dataset/Importers.h"
#include "dwb/dataset/Rle.h"
#include "dwb/runtime/CpuInfo.h"
#include "dwb/storage/ProjectDb.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

namespace fs = std::filesystem;

const cv::Size kRleMaskSize{1600, 256}; // Severstal: 256 rows, 1600 columns
constexpr std::uint64_t kRleSeed = 2024;

struct Options {
    fs::path dataset = "../shared/datasets/magnetic-tile"; // relative to the repository root
    int threads = 2;
    int repeats = 3; // imports; the cheap RLE rows run rleRepeats() times
    int masks = 200;
    bool json = false;
    fs::path rleOut;    // where to write the masks' RLE strings for the peer
    fs::path writeDemo; // write the demo dataset here and exit
};

// RLE passes take milliseconds, so they repeat more often to steady their median.
int rleRepeats(const Options& options)
{
    return std::max(5, 3 * options.repeats);
}

struct Row {
    std::string key;
    std::string what;
    std::string unit;
    double items = 0;
    std::vector<double> seconds;
};

struct Report {
    std::string datasetKind;
    fs::path dataset;
    std::vector<Row> rows;
    std::string importCheck;
    std::string rleCheck;
};

[[noreturn]] void die(const std::string& message)
{
    std::cerr << "dwb_bench_import: " << message << '\n';
    std::exit(1);
}

template <typename T>
T orDie(dwb::Result<T> result, const std::string& what)
{
    if (!result)
        die(what + ": " + result.error().message);
    return std::move(*result);
}

const char* kUsage =
    "usage: dwb_bench_import [DATASET] [--threads N] [--repeats N] [--masks N] [--json]\n"
    "                        [--rle-out FILE] [--write-demo DIR]\n"
    "DATASET: a Magnetic Tile or label folder (default ../shared/datasets/magnetic-tile);\n"
    "when it does not exist, a generated demo dataset is imported instead.\n";

Options parseOptions(int argc, char** argv)
{
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                die(arg + " needs a value\n" + kUsage);
            return argv[++i];
        };
        if (arg == "--threads")
            options.threads = std::stoi(value());
        else if (arg == "--repeats")
            options.repeats = std::max(1, std::stoi(value()));
        else if (arg == "--masks")
            options.masks = std::max(1, std::stoi(value()));
        else if (arg == "--json")
            options.json = true;
        else if (arg == "--rle-out")
            options.rleOut = value();
        else if (arg == "--write-demo")
            options.writeDemo = value();
        else if (arg == "-h" || arg == "--help") {
            std::cout << kUsage;
            std::exit(0);
        } else if (arg.starts_with("-"))
            die("unknown option " + arg + "\n" + kUsage);
        else
            options.dataset = arg;
    }
    return options;
}

// Removes itself on every exit path, so repeated runs never leave projects behind.
class TempDir {
public:
    TempDir()
        : m_path(fs::temp_directory_path() / ("dwb-bench-" + std::to_string(::getpid())))
    {
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

double secondsOf(const std::function<void()>& work)
{
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> values)
{
    std::ranges::sort(values);
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

// Bigger than the app's demo so that one import takes long enough to time.
dwb::DemoConfig benchDemoConfig()
{
    dwb::DemoConfig config;
    config.imageCount = 400;
    config.imageSize = {256, 256};
    return config;
}

void writeDemo(const fs::path& dir)
{
    orDie(dwb::writeDemoDataset(dir, benchDemoConfig()), "writing the demo dataset");
}

bool isLabelFolder(const fs::path& dir)
{
    return fs::is_directory(dir / "images");
}

dwb::ImportPlan scan(const fs::path& dataset)
{
    return orDie(isLabelFolder(dataset) ? dwb::scanLabelFolder(dataset)
                                        : dwb::scanMagneticTile(dataset),
                 "scanning " + dataset.string());
}

// What the stored project holds, read back through ProjectDb; the peer prints the same fields.
std::string projectChecksum(const fs::path& projectPath)
{
    auto project = orDie(dwb::ProjectDb::open(projectPath), "reopening the project");
    const auto samples = orDie(project.samples(), "listing samples");
    std::int64_t pixels = 0;
    std::int64_t maskPixels = 0;
    std::int64_t labelBits = 0;
    for (const auto& sample : samples) {
        pixels += std::int64_t{sample.width} * sample.height;
        labelBits += sample.labelBits;
        maskPixels += cv::countNonZero(orDie(project.mask(sample.id), "reading a mask"));
    }
    std::ostringstream out;
    out << "samples=" << samples.size() << " pixels=" << pixels << " mask_pixels=" << maskPixels
        << " label_bits_sum=" << labelBits;
    return out.str();
}

// One fresh project per repetition: the scan is part of what a user waits for, so it is timed.
void benchImport(const Options& options, const fs::path& dataset, const fs::path& work,
                 Report& report)
{
    Row row{"import", "", "samples/s", 0, {}};
    fs::path lastProject;
    for (int r = 0; r < options.repeats; ++r) {
        lastProject = work / ("import-" + std::to_string(r) + ".dwb");
        std::size_t added = 0;
        row.seconds.push_back(secondsOf([&] {
            auto project = orDie(dwb::ProjectDb::create(lastProject), "creating the project");
            const auto imported = orDie(dwb::runImport(project, scan(dataset)), "importing");
            if (imported.skipped != 0)
                die(std::to_string(imported.skipped) + " samples skipped");
            added = imported.added;
        }));
        row.items = static_cast<double>(added);
    }
    report.datasetKind = isLabelFolder(dataset) ? "folder" : "magnetic-tile";
    row.what = "import " + report.datasetKind + " (" +
               std::to_string(static_cast<long>(row.items)) + " samples)";
    report.importCheck = projectChecksum(lastProject);
    report.rows.push_back(std::move(row));
}

// Severstal-like masks: most hold a few blobs of assorted sizes, some are empty.
std::vector<cv::Mat> makeBlobMasks(int count)
{
    std::mt19937_64 random(kRleSeed);
    auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution(lo, hi)(random); };
    std::vector<cv::Mat> masks;
    for (int i = 0; i < count; ++i) {
        cv::Mat mask = cv::Mat::zeros(kRleMaskSize, CV_8UC1);
        const int blobs = uniform(0, 6);
        for (int b = 0; b < blobs; ++b) {
            const cv::Point center(uniform(0, kRleMaskSize.width - 1),
                                   uniform(0, kRleMaskSize.height - 1));
            const cv::Size axes(uniform(3, 180), uniform(3, 90));
            cv::ellipse(mask, center, axes, uniform(0, 179), 0, 360, cv::Scalar(255), cv::FILLED);
        }
        masks.push_back(std::move(mask));
    }
    return masks;
}

void writeLines(const fs::path& path, const std::vector<std::string>& lines)
{
    std::ofstream out(path);
    for (const auto& line : lines)
        out << line << '\n';
    if (!out)
        die("cannot write " + path.string());
}

std::string rleChecksum(const std::vector<cv::Mat>& decoded, const std::vector<std::string>& text)
{
    std::int64_t setPixels = 0;
    for (const auto& mask : decoded)
        setPixels += cv::countNonZero(mask);
    std::size_t runs = 0;
    for (const auto& line : text)
        runs += static_cast<std::size_t>(std::ranges::count(line, ' ') + (line.empty() ? 0 : 1));
    std::ostringstream out;
    out << "masks=" << decoded.size() << " set_pixels=" << setPixels << " runs=" << runs / 2;
    return out.str();
}

// Decoding starts from text, as it does when reading train.csv; encoding from row-major masks.
void benchRle(const Options& options, Report& report)
{
    const std::vector<cv::Mat> masks = makeBlobMasks(options.masks);
    std::vector<std::string> text(masks.size());
    std::vector<cv::Mat> decoded(masks.size());
    Row decode{"rle_decode", "", "masks/s", static_cast<double>(masks.size()), {}};
    Row encode{"rle_encode", "", "masks/s", static_cast<double>(masks.size()), {}};
    for (int r = 0; r < rleRepeats(options); ++r) {
        encode.seconds.push_back(secondsOf([&] {
            for (std::size_t i = 0; i < masks.size(); ++i)
                text[i] = dwb::encodeRle(masks[i]);
        }));
        decode.seconds.push_back(secondsOf([&] {
            for (std::size_t i = 0; i < text.size(); ++i)
                decoded[i] = orDie(
                    dwb::decodeRle(orDie(dwb::parseRle(text[i]), "parse"), kRleMaskSize), "decode");
        }));
    }
    for (std::size_t i = 0; i < masks.size(); ++i)
        if (cv::norm(masks[i], decoded[i], cv::NORM_INF) != 0)
            die("RLE round trip changed mask " + std::to_string(i));
    const std::string size = std::to_string(kRleMaskSize.height) + "x" +
                             std::to_string(kRleMaskSize.width) + ", " +
                             std::to_string(masks.size()) + " masks";
    decode.what = "RLE decode " + size;
    encode.what = "RLE encode " + size;
    report.rows.push_back(std::move(decode));
    report.rows.push_back(std::move(encode));
    report.rleCheck = rleChecksum(decoded, text);
    if (!options.rleOut.empty())
        writeLines(options.rleOut, text);
}

std::string jsonString(const std::string& text)
{
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + '"';
}

void printJson(const Options& options, const Report& report)
{
    const dwb::CpuInfo& cpu = dwb::cpuInfo();
    std::string flags;
    for (const std::string& flag : cpu.flags)
        flags += (flags.empty() ? "" : " ") + flag;
    std::cout << "{\"tool\": \"dwb_bench_import\", \"cpu_model\": " << jsonString(cpu.model)
              << ", \"cpu_flags\": " << jsonString(flags)
              << ", \"isa\": " << jsonString(cpu.isaFamily())
              << ", \"threads\": " << options.threads
              << ", \"dataset\": " << jsonString(report.dataset.string())
              << ", \"kind\": " << jsonString(report.datasetKind) << ", \"rows\": [";
    for (std::size_t i = 0; i < report.rows.size(); ++i) {
        const Row& row = report.rows[i];
        std::cout << (i ? ", " : "") << "{\"key\": " << jsonString(row.key)
                  << ", \"what\": " << jsonString(row.what)
                  << ", \"unit\": " << jsonString(row.unit) << ", \"runs\": " << row.seconds.size()
                  << ", \"rate\": " << row.items / median(row.seconds)
                  << ", \"median_s\": " << median(row.seconds) << "}";
    }
    std::cout << "], \"checks\": {\"import\": " << jsonString(report.importCheck)
              << ", \"rle\": " << jsonString(report.rleCheck) << "}}\n";
}

void printTable(const Options& options, const Report& report)
{
    std::printf("Defect Workbench data layer (ours), %d thread(s)\n", options.threads);
    std::printf("dataset: %s\n", report.dataset.string().c_str());
    std::printf("%-44s %18s %10s %5s\n", "what", "rate", "median", "runs");
    for (const Row& row : report.rows)
        std::printf("%-44s %8.1f %-9s %8.4f s %5zu\n", row.what.c_str(),
                    row.items / median(row.seconds), row.unit.c_str(), median(row.seconds),
                    row.seconds.size());
    std::printf("check import: %s\ncheck rle:    %s\n", report.importCheck.c_str(),
                report.rleCheck.c_str());
}

int run(const Options& options)
{
    if (!options.writeDemo.empty()) {
        writeDemo(options.writeDemo);
        return 0;
    }
    cv::setNumThreads(options.threads);
    TempDir work;
    Report report;
    report.dataset = options.dataset;
    if (!fs::is_directory(report.dataset)) {
        report.dataset = work.path() / "demo";
        writeDemo(report.dataset);
    }
    benchImport(options, report.dataset, work.path(), report);
    benchRle(options, report);
    if (options.json)
        printJson(options, report);
    else
        printTable(options, report);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        return run(parseOptions(argc, argv));
    } catch (const std::exception& error) {
        die(error.what());
    }
}
