#pragma once

// Small pools of prepared samples for the augmenter tests, built inside the test, and a checker
// that follows every pixel of a synthetic image back to where it came from.

#include "dwb/augment/GuidedCropAugmenter.h"
#include "dwb/core/Random.h"
#include "dwb/imaging/ClassMask.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <cstring>
#include <map>
#include <span>
#include <utility>
#include <vector>

namespace dwb::test {

struct Defect {
    int classIndex = 0;
    cv::Rect box; // a filled ellipse inside this box
};

// A noisy grey (or colour) surface, different for each seed, with elliptic defects.
inline PreparedSample makeSample(std::int64_t id, cv::Size size, std::uint64_t seed,
                                 const std::vector<Defect>& defects, int type = CV_8UC1)
{
    Rng rng(seed);
    cv::Mat image(size, type);
    for (int y = 0; y < size.height; ++y) {
        auto* row = image.ptr<std::uint8_t>(y);
        for (int i = 0; i < size.width * image.channels(); ++i)
            row[i] = static_cast<std::uint8_t>(rng.uniformInt(60, 190));
    }
    cv::Mat mask = emptyClassMask(size);
    for (const Defect& defect : defects) {
        cv::Mat binary = cv::Mat::zeros(size, CV_8UC1);
        const cv::Point centre(defect.box.x + defect.box.width / 2,
                               defect.box.y + defect.box.height / 2);
        cv::ellipse(binary, centre, {defect.box.width / 2, defect.box.height / 2}, 0, 0, 360,
                    cv::Scalar(255), cv::FILLED);
        addClassPixels(mask, binary, defect.classIndex);
        // Darker, still textured, so that a misplaced pixel shows.
        cv::Mat darker = image / 2 + cv::Scalar::all(10 + 50 * defect.classIndex);
        darker.copyTo(image, binary);
    }
    return {id, image, mask, presentClassBits(mask)};
}

// Three classes on 48x64 images: two single-blob and one two-blob image per class, and
// `defectFree` clean images.
inline std::vector<PreparedSample> smallPool(int defectFree = 3, int type = CV_8UC1,
                                             cv::Size size = {64, 48})
{
    std::vector<PreparedSample> pool;
    const auto add = [&](const std::vector<Defect>& defects) {
        const auto id = static_cast<std::int64_t>(pool.size()) + 1;
        pool.push_back(makeSample(id, size, 100 + static_cast<std::uint64_t>(id), defects, type));
    };
    for (int c = 0; c < 3; ++c) {
        add({{c, {5 + 4 * c, 6, 12, 9}}});
        add({{c, {30, 20 + c, 9, 14}}});
        add({{c, {4, 4, 10, 10}}, {c, {size.width - 20, size.height - 16, 14, 11}}});
    }
    for (int i = 0; i < defectFree; ++i)
        add({});
    return pool;
}

// smallPool plus images whose classes co-occur and overlap (bits 0+1 and 1+2 on shared pixels),
// so that pastes of different classes cover each other and crops carry two bits.
inline std::vector<PreparedSample> mixedPool(int type = CV_8UC1, cv::Size size = {64, 48})
{
    auto pool = smallPool(3, type, size);
    pool.push_back(makeSample(101, size, 7, {{0, {8, 8, 22, 16}}, {1, {20, 14, 20, 14}}}, type));
    pool.push_back(makeSample(102, size, 8, {{1, {5, 25, 18, 12}}, {2, {14, 20, 20, 16}}}, type));
    return pool;
}

// An augmenter config without any colour jitter.
inline AugmentConfig noJitter()
{
    AugmentConfig config;
    config.cropJitter = {0.0, 1.0, 1.0};
    config.finalJitter = {0.0, 1.0, 1.0};
    return config;
}

struct TraceReport {
    int maskMismatches = 0;  // mask pixel differs from the mask where the pixel came from
    int imageMismatches = 0; // image pixel differs from where it came from
    int wrongClass = 0;      // pasted pixel whose mask lacks the pasted blob's class
    int outsideCrop = 0;     // pasted pixel traced outside its crop rectangle
    int labelledBase = 0;    // a defect-free base pixel marked with a class
};

// Follows every pixel back through the trace to its base or source pixel.
inline TraceReport checkTrace(const SyntheticSample& sample, const SyntheticTrace& trace,
                              std::span<const PreparedSample> pool)
{
    std::map<std::int64_t, const PreparedSample*> byId;
    for (const auto& s : pool)
        byId[s.id] = &s;
    const Provenance& p = sample.provenance;
    const PreparedSample& base = *byId.at(p.baseSampleId);
    const int width = sample.image.cols;
    const std::size_t pixelBytes = sample.image.elemSize();
    TraceReport report;
    for (int y = 0; y < sample.image.rows; ++y)
        for (int x = 0; x < width; ++x) {
            const int paste = trace.paste.at<std::int32_t>(y, x);
            const int index = trace.sourcePixel.at<std::int32_t>(y, x);
            const PasteRecord* record =
                paste > 0 ? &p.pastes[static_cast<std::size_t>(paste - 1)] : nullptr;
            const PreparedSample& from = record ? *byId.at(record->sourceSampleId) : base;
            const cv::Point origin(index % width, index / width);
            const auto bits = sample.mask.at<std::uint16_t>(y, x);
            report.maskMismatches += bits != from.mask.at<std::uint16_t>(origin);
            report.imageMismatches +=
                std::memcmp(sample.image.ptr(y, x), from.image.ptr(origin.y, origin.x),
                            pixelBytes) != 0;
            if (record) {
                report.wrongClass += !(bits & (1u << record->classIndex));
                report.outsideCrop += !record->crop.contains(origin);
            } else if (!p.baseDefective) {
                report.labelledBase += bits != 0;
            }
        }
    return report;
}

} // namespace dwb::test
