#pragma once

// Private to ReviewPanel: what one prediction set's review shows, and its loading.

#include "dwb/core/Error.h"
#include "dwb/eval/ErrorReview.h"

#include <QImage>
#include <QSize>
#include <QString>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dwb {

// Everything a prediction set's review shows, loaded once on the worker thread; afterwards read
// and re-scored on the GUI thread only.
struct ReviewPanelData {
    std::vector<ReviewSample> samples;
    std::vector<QImage> pictures;  // per sample: its image, at most kReviewPictureSide on a side
    std::vector<QString> names;    // per sample
    std::vector<QSize> imageSizes; // per sample: its image's size (the maps' when unknown)
    ClassReview review;
};

// Opens its own ProjectDb (call it on the worker thread): the review samples of the cached
// predictions of (runId, split), each sample's name and its image scaled to at most
// kReviewPictureSide on a side (a grey picture of the maps' size when the image is unreadable).
Result<std::shared_ptr<ReviewPanelData>>
loadReviewPanelData(const QString& projectPath, std::int64_t runId, const std::string& split);

constexpr int kReviewPictureSide = 256;

} // namespace dwb
