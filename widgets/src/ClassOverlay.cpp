#include "dwb/widgets/ClassOverlay.h"

#include "dwb/storage/ProjectDb.h"

#include <QColor>

#include <opencv2/core/mat.hpp>

namespace dwb {

Result<QImage> renderClassOverlay(const ProjectDb& project, qint64 sampleId,
                                  const std::vector<ClassInfo>& classes, int opacity)
{
    auto mask = project.mask(sampleId);
    if (!mask)
        return std::unexpected(mask.error());
    std::vector<QRgb> colours(classes.size());
    for (std::size_t c = 0; c < classes.size(); ++c) {
        QColor colour(QString::fromStdString(classes[c].color));
        colour.setAlpha(opacity);
        colours[c] = colour.rgba();
    }
    QImage overlay(mask->cols, mask->rows, QImage::Format_ARGB32);
    for (int y = 0; y < mask->rows; ++y) {
        const auto* in = mask->ptr<std::uint16_t>(y);
        auto* out = reinterpret_cast<QRgb*>(overlay.scanLine(y));
        for (int x = 0; x < mask->cols; ++x) {
            QRgb pixel = 0;
            for (std::size_t c = 0; c < classes.size(); ++c)
                if (in[x] & (1u << classes[c].bit))
                    pixel = colours[c];
            out[x] = pixel;
        }
    }
    return overlay;
}

} // namespace dwb
