#pragma once

// Rendering a synthetic image from its provenance, private to core/augment: generate() and
// replay() both end here, which is what makes replay exact.

#include "dwb/augment/GuidedCropAugmenter.h"

#include <span>

namespace dwb::detail {

// The source sample and blob of one provenance paste.
struct ResolvedPaste {
    const PreparedSample* source = nullptr;
    const Blob* blob = nullptr;
};

// Pastes, flips, scrolls and jitters as `provenance` says, onto a copy of `base`. The geometry
// must have been checked (every target rectangle inside the image). Fills provenance.classBits.
SyntheticSample renderSynthetic(const Provenance& provenance, const PreparedSample& base,
                                std::span<const ResolvedPaste> pastes, SyntheticTrace* trace);

// The placed size of a crop after `rotation` quarter turns.
cv::Size rotatedSize(cv::Size size, int rotation);

} // namespace dwb::detail
