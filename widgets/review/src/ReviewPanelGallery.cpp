// The review panel's gallery: the tiles of the current class's errors and the predicted mask
// sent for a double-clicked one.

#include "dwb/widgets/ReviewPanel.h"

#include "PredictionDrawing.h"
#include "ReviewPanelData.h"

#include "dwb/widgets/UiHelpers.h"

#include <QComboBox>
#include <QLabel>
#include <QListWidget>

namespace dwb {

namespace {

constexpr int kIconSide = 128;
constexpr int kMaxTiles = 400; // beyond this the gallery says how many it left out

} // namespace

void ReviewPanel::setUpGallery()
{
    m_gallery->setViewMode(QListView::IconMode);
    m_gallery->setResizeMode(QListView::Adjust);
    m_gallery->setMovement(QListView::Static);
    m_gallery->setUniformItemSizes(true);
    m_gallery->setIconSize({kIconSide, kIconSide});
    m_gallery->setGridSize({kIconSide + 48, kIconSide + 44});
    m_gallery->setWordWrap(true);
    m_gallery->setSpacing(4);
    m_gallery->setToolTip(tr("Double-click a tile to open its sample in the mask editor"));
    connect(m_gallery, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        const qint64 sampleId = item->data(kSampleIdItemRole).toLongLong();
        // First: whoever opens the sample on sampleActivated has it open when the prediction
        // arrives.
        emit sampleActivated(sampleId);
        emitReviewSample(sampleId);
    });
}

void ReviewPanel::addGalleryTile(const QImage& image, const QString& text, std::int64_t sampleId)
{
    auto* item =
        new QListWidgetItem(plainIcon(image.scaled(kIconSide, kIconSide, Qt::KeepAspectRatio,
                                                   Qt::SmoothTransformation)),
                            text, m_gallery);
    item->setData(kSampleIdItemRole, QVariant::fromValue<qint64>(sampleId));
    item->setToolTip(text);
}

void ReviewPanel::fillGallery()
{
    m_gallery->clear();
    m_note->clear();
    const int c = currentClass();
    if (!m_data || c < 0 || c >= static_cast<int>(m_classes.size()))
        return;
    const ReviewPanelData& shown = *m_data;
    const ClassReview& r = shown.review;
    const bool falsePositives = m_kind->currentIndex() == 0;
    const bool blobs = m_level->currentIndex() == 1;
    const QColor truthColour(QString::fromStdString(m_classes[static_cast<std::size_t>(c)].color));
    const QColor predictionColour = contrastingColour(truthColour);

    auto picture = [&](std::size_t index) {
        const ReviewSample& sample = shown.samples[index];
        const auto classSlot = static_cast<std::size_t>(c);
        return reviewPicture(
            shown.pictures[index], sample.truth,
            classSlot < sample.probabilities.size() ? sample.probabilities[classSlot] : cv::Mat(),
            c, pixelThreshold(c), truthColour, predictionColour);
    };

    std::size_t total = 0;
    if (!blobs) {
        const std::vector<ImageError>& errors =
            falsePositives ? r.falsePositives : r.falseNegatives;
        total = errors.size();
        for (std::size_t i = 0; i < errors.size() && i < static_cast<std::size_t>(kMaxTiles); ++i)
            addGalleryTile(picture(errors[i].sample),
                           tr("%1\nscore %2")
                               .arg(shown.names[errors[i].sample])
                               .arg(static_cast<double>(errors[i].score), 0, 'f', 3),
                           errors[i].sampleId);
    } else {
        const std::vector<BlobError>& errors =
            falsePositives ? r.falsePositiveBlobs : r.falseNegativeBlobs;
        total = errors.size();
        for (std::size_t i = 0; i < errors.size() && i < static_cast<std::size_t>(kMaxTiles); ++i) {
            const BlobError& blob = errors[i];
            const QImage whole = picture(blob.sample);
            const ReviewSample& sample = shown.samples[blob.sample];
            const cv::Size mapSize = sample.truth.empty() ? cv::Size(whole.width(), whole.height())
                                                          : sample.truth.size();
            addGalleryTile(whole.copy(blobCrop(blob.box, mapSize, whole.size())),
                           tr("%1\n%2 px · p %3")
                               .arg(shown.names[blob.sample])
                               .arg(blob.area)
                               .arg(blob.meanProbability, 0, 'f', 2),
                           blob.sampleId);
        }
    }
    if (total > static_cast<std::size_t>(kMaxTiles))
        m_note->setText(tr("Showing the first %1 of %2").arg(kMaxTiles).arg(total));
    else if (total == 0)
        m_note->setText(tr("None at this threshold"));
}

void ReviewPanel::emitReviewSample(qint64 sampleId)
{
    const int c = currentClass();
    if (!m_data || c < 0)
        return;
    const ReviewPanelData& shown = *m_data;
    for (std::size_t i = 0; i < shown.samples.size(); ++i) {
        const ReviewSample& sample = shown.samples[i];
        if (sample.sampleId != sampleId)
            continue;
        const auto classSlot = static_cast<std::size_t>(c);
        const cv::Mat probability =
            classSlot < sample.probabilities.size() ? sample.probabilities[classSlot] : cv::Mat();
        const QSize size = i < shown.imageSizes.size() ? shown.imageSizes[i] : QSize();
        emit reviewSampleActivated(sampleId, c,
                                   predictedClassMask(probability, pixelThreshold(c), c, size));
        return;
    }
}

} // namespace dwb
