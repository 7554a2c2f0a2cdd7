#pragma once

#include "dwb/core/Error.h"
#include "dwb/storage/ProjectTypes.h"

#include <QImage>

#include <vector>

namespace dwb {

class ProjectDb;

// The latest mask of a sample as a translucent ARGB image: each class's pixels in its colour
// (alpha `opacity`, 0-255); where classes overlap, the higher bit wins.
Result<QImage> renderClassOverlay(const ProjectDb& project, qint64 sampleId,
                                  const std::vector<ClassInfo>& classes, int opacity = 140);

} // namespace dwb
