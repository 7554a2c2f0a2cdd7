#include "dwb/train/SampleSet.h"

#include "dwb/storage/ProjectDb.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>

namespace dwb {

Result<std::vector<SampleRecord>> samplesOfSplit(const ProjectDb& project, Split split)
{
    auto samples = project.samples();
    if (!samples)
        return std::unexpected(samples.error());
    std::erase_if(*samples, [split](const SampleRecord& s) { return s.split != split; });
    return samples;
}

std::vector<int> imagesPerClass(std::span<const PreparedSample> samples, int classCount)
{
    std::vector<int> images(static_cast<std::size_t>(std::max(classCount, 0)), 0);
    for (const PreparedSample& sample : samples)
        for (int c = 0; c < classCount; ++c)
            images[static_cast<std::size_t>(c)] += (sample.labels >> c) & 1u;
    return images;
}

cv::Mat resizeImage(const cv::Mat& image, InputShape shape)
{
    if (image.rows == shape.height && image.cols == shape.width)
        return image;
    const bool shrinking = image.rows > shape.height || image.cols > shape.width;
    cv::Mat resized;
    cv::resize(image, resized, {shape.width, shape.height}, 0, 0,
               shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
    return resized;
}

namespace {

Result<cv::Mat> decodeImage(const std::string& path, InputShape shape)
{
    cv::Mat image = cv::imread(path, shape.channels == 3 ? cv::IMREAD_COLOR : cv::IMREAD_GRAYSCALE);
    if (image.empty())
        return fail(ErrorCode::BadImage, "cannot read image " + path);
    return resizeImage(image, shape);
}

} // namespace

Result<std::vector<PreparedSample>> prepareSamples(const ProjectDb& project,
                                                   const std::vector<SampleRecord>& samples,
                                                   InputShape shape,
                                                   const std::atomic<bool>* cancel)
{
    if (shape.height <= 0 || shape.width <= 0)
        return fail(ErrorCode::InvalidArgument, "input size must be positive");
    std::vector<PreparedSample> prepared(samples.size());
    // The database is single-threaded: masks first, here; images in parallel below.
    for (std::size_t i = 0; i < samples.size(); ++i) {
        auto mask = project.mask(samples[i].id);
        if (!mask)
            return std::unexpected(mask.error());
        cv::Mat resized = *mask;
        if (mask->rows != shape.height || mask->cols != shape.width)
            cv::resize(*mask, resized, {shape.width, shape.height}, 0, 0, cv::INTER_NEAREST);
        prepared[i] = {samples[i].id, {}, resized, samples[i].classBits};
    }

    std::mutex errorMutex;
    std::optional<Error> firstError;
    const unsigned workers = std::max(1u, std::min(std::thread::hardware_concurrency(), 8u));
    std::vector<std::jthread> threads;
    for (unsigned w = 0; w < workers; ++w)
        threads.emplace_back([&, w] {
            for (std::size_t i = w; i < samples.size(); i += workers) {
                if (cancel && cancel->load())
                    return;
                auto image = decodeImage(samples[i].imagePath, shape);
                if (!image) {
                    std::lock_guard lock(errorMutex);
                    if (!firstError)
                        firstError = image.error();
                    return;
                }
                prepared[i].image = std::move(*image);
            }
        });
    threads.clear(); // joins
    if (firstError)
        return std::unexpected(*firstError);
    if (cancel && cancel->load())
        return fail(ErrorCode::Cancelled, "cancelled while loading images");
    return prepared;
}

} // namespace dwb
