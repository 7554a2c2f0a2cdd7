// What the guided-crop augmenter's whole-image shift does to real images: the same synthetic
// images (same seeds, so the same bases and pastes) rendered with each ShiftMode, measured for
// the artefacts a shift can make. A diagnostic of image quality, not a speed benchmark: it
// prints no ratio (bench/README.md, "Shift seams").
//
//   dwb_bench_shift_seams PROJECT.dwb [--count N] [--seed S]
//
// Per mode:
// - seams: image lines where the shift joins two lines that were not neighbours (the trace
//   says where each pixel came from), and among them the share with a visible step: a mean
//   absolute grey difference across the seam above the image's 99th percentile of steps
//   between neighbouring lines;
// - interior bands: images with a run of near-constant dark or saturated lines (the border
//   detector's test) that touches no edge: a tile edge brought into the middle;
// - pastes split (one blob now in several 8-connected pieces), duplicated (more visible pixels
//   than unshifted) or cut (fewer), against the unshifted render of the same image.

#include "dwb/augment/GuidedCropPool.h"
#include "dwb/storage/ProjectDb.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace dwb;

struct Counts {
    int images = 0;
    int shifted = 0;
    int seams = 0;
    int visibleSeams = 0;
    int interiorBands = 0;
    int pastes = 0;
    int split = 0;
    int duplicated = 0;
    int cut = 0;
};

cv::Mat grey(const cv::Mat& image)
{
    if (image.channels() == 1)
        return image;
    cv::Mat out;
    cv::cvtColor(image, out, cv::COLOR_BGR2GRAY);
    return out;
}

// Mean |a - b| of two lines (rows or columns of the same length).
double lineStep(const cv::Mat& a, const cv::Mat& b)
{
    cv::Mat difference;
    cv::absdiff(a, b, difference);
    return cv::mean(difference)[0];
}

// Seams along one axis: where neighbouring output lines came from non-neighbouring lines.
// `lines(i)` is line i of the grey image, `origin(i)` the source line of its base pixels.
template <typename Line, typename Origin>
void countSeams(int n, Line lines, Origin origin, Counts& counts)
{
    std::vector<double> steps;
    std::vector<int> seams;
    for (int i = 1; i < n; ++i) {
        steps.push_back(lineStep(lines(i - 1), lines(i)));
        if (origin(i) >= 0 && origin(i - 1) >= 0 && std::abs(origin(i) - origin(i - 1)) != 1)
            seams.push_back(i);
    }
    if (seams.empty() || steps.empty())
        return;
    std::vector<double> sorted = steps;
    const auto p99 = sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() * 99 / 100);
    std::nth_element(sorted.begin(), p99, sorted.end());
    for (const int i : seams) {
        ++counts.seams;
        counts.visibleSeams += steps[static_cast<std::size_t>(i - 1)] > *p99;
    }
}

bool isBandLine(const cv::Mat& line, const BorderConfig& config)
{
    cv::Scalar mean, deviation;
    cv::meanStdDev(line, mean, deviation);
    return deviation[0] <= config.maxStdDev &&
           (mean[0] <= config.darkLevel || mean[0] >= config.brightLevel);
}

// Whether some run of band lines along one axis touches neither end: a border in the middle.
template <typename Line>
bool interiorRun(int n, Line line, const BorderConfig& config)
{
    std::vector<bool> band(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        band[static_cast<std::size_t>(i)] = isBandLine(line(i), config);
    int first = 0;
    while (first < n && band[static_cast<std::size_t>(first)])
        ++first;
    int last = n - 1;
    while (last >= first && band[static_cast<std::size_t>(last)])
        --last;
    for (int i = first; i <= last; ++i)
        if (band[static_cast<std::size_t>(i)])
            return true;
    return false;
}

bool hasInteriorBand(const cv::Mat& g, const BorderConfig& config)
{
    return interiorRun(
               g.rows, [&](int y) { return g.row(y); }, config) ||
           interiorRun(
               g.cols, [&](int x) { return g.col(x); }, config);
}

// Visible pixels and 8-connected pieces of paste `index` in a trace.
std::pair<int, int> pieces(const cv::Mat& paste, int index)
{
    const cv::Mat mine = paste == index;
    cv::Mat labels;
    const int n = cv::connectedComponents(mine, labels, 8, CV_32S) - 1;
    return {cv::countNonZero(mine), n};
}

void measure(const SyntheticSample& sample, const SyntheticTrace& trace,
             const SyntheticTrace& still, const AugmentConfig& config, Counts& counts)
{
    ++counts.images;
    const Provenance& p = sample.provenance;
    counts.shifted += p.shiftX != 0 || p.shiftY != 0;
    const cv::Mat g = grey(sample.image);
    const int width = g.cols;
    // The source column and row of a line, read where the base shows through (a line covered
    // by pastes all along counts as no seam).
    const auto baseOrigin = [&](int x0, int y0, int dx, int dy, bool column) {
        for (int x = x0, y = y0; x < width && y < g.rows; x += dx, y += dy)
            if (trace.paste.at<int>(y, x) == 0) {
                const int index = trace.sourcePixel.at<int>(y, x);
                return column ? index % width : index / width;
            }
        return -1;
    };
    std::vector<int> columns(static_cast<std::size_t>(g.cols));
    std::vector<int> rows(static_cast<std::size_t>(g.rows));
    for (int x = 0; x < g.cols; ++x)
        columns[static_cast<std::size_t>(x)] = baseOrigin(x, 0, 0, 1, true);
    for (int y = 0; y < g.rows; ++y)
        rows[static_cast<std::size_t>(y)] = baseOrigin(0, y, 1, 0, false);
    const auto originColumn = [&](int x) { return columns[static_cast<std::size_t>(x)]; };
    const auto originRow = [&](int y) { return rows[static_cast<std::size_t>(y)]; };
    countSeams(
        g.cols, [&](int x) { return g.col(x); }, originColumn, counts);
    countSeams(
        g.rows, [&](int y) { return g.row(y); }, originRow, counts);
    counts.interiorBands += hasInteriorBand(g, config.borders);
    for (int i = 1; i <= static_cast<int>(p.pastes.size()); ++i) {
        const auto [pixels, parts] = pieces(trace.paste, i);
        const auto [stillPixels, stillParts] = pieces(still.paste, i);
        ++counts.pastes;
        counts.split += parts > stillParts;
        counts.duplicated += pixels > stillPixels;
        counts.cut += pixels < stillPixels;
    }
}

double percent(int part, int whole)
{
    return whole ? 100.0 * part / whole : 0.0;
}

int run(const std::string& projectPath, int count, std::uint64_t seed)
{
    auto project = ProjectDb::open(projectPath);
    if (!project) {
        std::fprintf(stderr, "error: %s\n", project.error().message.c_str());
        return 1;
    }
    auto pool = GuidedCropPool::prepare(*project);
    if (!pool) {
        std::fprintf(stderr, "error: %s\n", pool.error().message.c_str());
        return 1;
    }
    const auto sampler = pool->sampler(ClassWeighting::InverseFrequency);
    const auto& probabilities = sampler->probabilities();
    const auto augmenterFor = [&](ShiftMode mode) {
        AugmentConfig config = pool->augmenter().config();
        config.shiftMode = mode;
        return *GuidedCropAugmenter::create(pool->augmenter().pool(), pool->classCount(), config);
    };
    const GuidedCropAugmenter still = augmenterFor(ShiftMode::None);
    std::printf("%d images of %dx%d from %zu training images (%d defect-free), seed %llu\n\n",
                count, pool->shape().width, pool->shape().height, pool->augmenter().pool().size(),
                pool->augmenter().defectFreeCount(), static_cast<unsigned long long>(seed));
    std::printf("%-7s | %8s | %6s | %13s | %14s | %6s | %6s | %11s | %5s\n", "mode", "shifted",
                "seams", "visible seams", "interior bands", "pastes", "split", "duplicated", "cut");
    for (const ShiftMode mode : {ShiftMode::Wrap, ShiftMode::Mirror, ShiftMode::None}) {
        const GuidedCropAugmenter augmenter = augmenterFor(mode);
        Counts counts;
        for (int i = 0; i < count; ++i) {
            const std::uint64_t imageSeed = GuidedCropAugmenter::imageSeed(seed, i);
            SyntheticTrace trace, stillTrace;
            const auto sample = augmenter.generate(probabilities, imageSeed, &trace);
            (void)still.generate(probabilities, imageSeed, &stillTrace);
            measure(*sample, trace, stillTrace, augmenter.config(), counts);
        }
        std::printf("%-7s | %7.1f%% | %6d | %12.1f%% | %13.1f%% | %6d | %5.1f%% | %10.1f%% | "
                    "%4.1f%%\n",
                    shiftModeName(mode), percent(counts.shifted, counts.images), counts.seams,
                    percent(counts.visibleSeams, counts.seams),
                    percent(counts.interiorBands, counts.images), counts.pastes,
                    percent(counts.split, counts.pastes), percent(counts.duplicated, counts.pastes),
                    percent(counts.cut, counts.pastes));
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    std::string project;
    int count = 500;
    std::uint64_t seed = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--count" && i + 1 < argc)
            count = std::atoi(argv[++i]);
        else if (arg == "--seed" && i + 1 < argc)
            seed = std::strtoull(argv[++i], nullptr, 10);
        else if (project.empty() && arg.rfind("--", 0) != 0)
            project = arg;
        else {
            std::fprintf(stderr,
                         "usage: dwb_bench_shift_seams PROJECT.dwb [--count N] [--seed S]\n");
            return 2;
        }
    }
    if (project.empty() || count < 1) {
        std::fprintf(stderr, "usage: dwb_bench_shift_seams PROJECT.dwb [--count N] [--seed S]\n");
        return 2;
    }
    return run(project, count, seed);
}
