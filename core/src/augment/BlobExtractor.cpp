#include "dwb/augment/BlobExtractor.h"

#include "dwb/imaging/ClassMask.h"

#include <opencv2/imgproc.hpp>

#include <utility>

namespace dwb {

std::vector<Blob> extractBlobs(const cv::Mat& classMask, int classIndex)
{
    CV_Assert(classMask.type() == kClassMaskType && classIndex >= 0 && classIndex < kMaxClasses);
    const cv::Mat binary = classPixels(classMask, classIndex);
    cv::Mat labels;
    cv::Mat stats;
    cv::Mat centroids;
    const int count = cv::connectedComponentsWithStats(binary, labels, stats, centroids, 8, CV_32S);
    if (count <= 1)
        return {};

    // Number the blobs by the raster order of their first pixel, whatever order OpenCV's
    // labelling algorithm chose.
    std::vector<int> labelOfId;
    std::vector<bool> seen(static_cast<std::size_t>(count), false);
    seen[0] = true;
    for (int y = 0; y < labels.rows && std::cmp_less(labelOfId.size(), count - 1); ++y) {
        const auto* row = labels.ptr<int>(y);
        for (int x = 0; x < labels.cols; ++x) {
            const auto label = static_cast<std::size_t>(row[x]);
            if (!seen[label]) {
                seen[label] = true;
                labelOfId.push_back(row[x]);
            }
        }
    }
    std::vector<Blob> blobs(labelOfId.size());
    for (std::size_t id = 0; id < labelOfId.size(); ++id) {
        const int label = labelOfId[id];
        Blob& blob = blobs[id];
        blob.id = static_cast<int>(id);
        blob.classIndex = classIndex;
        blob.box = {stats.at<int>(label, cv::CC_STAT_LEFT), stats.at<int>(label, cv::CC_STAT_TOP),
                    stats.at<int>(label, cv::CC_STAT_WIDTH),
                    stats.at<int>(label, cv::CC_STAT_HEIGHT)};
        blob.area = stats.at<int>(label, cv::CC_STAT_AREA);
        cv::compare(labels(blob.box), cv::Scalar(label), blob.pixels, cv::CMP_EQ);
    }
    return blobs;
}

std::vector<Blob> extractBlobs(const cv::Mat& classMask, std::uint32_t classes, int classCount)
{
    std::vector<Blob> all;
    for (int c = 0; c < classCount && c < kMaxClasses; ++c) {
        if (!(classes & (1u << c)))
            continue;
        auto blobs = extractBlobs(classMask, c);
        all.insert(all.end(), std::make_move_iterator(blobs.begin()),
                   std::make_move_iterator(blobs.end()));
    }
    return all;
}

} // namespace dwb
