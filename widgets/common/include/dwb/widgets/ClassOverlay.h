#pragma once

#include "dwb/core/Error.h"
#include "dwb/storage/ProjectTypes.h"

#include <QByteArray>
#include <QImage>
#include <QRect>

#include <cstdint>
#include <vector>

namespace dwb {

class ProjectDb;

// How class masks are drawn over their images.
struct OverlayStyle {
    int opacity = 140;            // alpha of the class colours, 0-255
    bool outline = false;         // only the pixels on a class's border
    std::uint32_t hiddenBits = 0; // classes (by bit) that are not drawn
};

// The latest mask of a sample as a translucent ARGB image: each class's pixels in its colour
// (alpha `opacity`, 0-255); where classes overlap, the higher bit wins.
Result<QImage> renderClassOverlay(const ProjectDb& project, qint64 sampleId,
                                  const std::vector<ClassInfo>& classes, int opacity = 140);

// The overlay (Format_ARGB32) of a class mask held as a Format_Grayscale16 image (bit c =
// class c), drawn as renderClassOverlay does; in outline mode a pixel is drawn when one of its
// 4-neighbours (or the image border) lacks the class.
QImage renderClassOverlay(const QImage& classMask, const std::vector<ClassInfo>& classes,
                          const OverlayStyle& style);

// The overlay of a class-mask PNG (encodeClassMaskPng: a synthetic sample's stored mask).
Result<QImage> renderClassOverlay(const QByteArray& classMaskPng,
                                  const std::vector<ClassInfo>& classes,
                                  const OverlayStyle& style = {});

// Redraws `rect` of `overlay` (Format_ARGB32, the mask's size) from the mask, so that an edit
// costs only the pixels it touched. In outline mode pass the edited rect grown by one pixel.
void paintClassOverlay(const QImage& classMask, const QRect& rect,
                       const std::vector<ClassInfo>& classes, const OverlayStyle& style,
                       QImage& overlay);

} // namespace dwb
