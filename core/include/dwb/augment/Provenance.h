#pragma once

// The full recipe of one synthetic image: with it and the same training pool, replay() in
// GuidedCropAugmenter.h rebuilds the image and its mask pixel for pixel. Stored as JSON text
// in the project (synthetic_samples.provenance) and written by `dwb augment`; the format is
// described in docs/augmentation.md.

#include "dwb/augment/BorderDetector.h"
#include "dwb/augment/ShiftMode.h"
#include "dwb/core/Error.h"

#include <opencv2/core/types.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dwb {

// Brightness and contrast: v' = contrast * (v - mean) + mean + brightness, where mean is the
// grey mean of the pixels it applies to (the blob's, or the whole image's).
struct ColourJitter {
    double brightness = 0.0; // grey levels
    double contrast = 1.0;
    bool isIdentity() const { return brightness == 0.0 && contrast == 1.0; }
    bool operator==(const ColourJitter&) const = default;
};

// One blob copied from a source image onto the synthetic image.
struct PasteRecord {
    std::int64_t sourceSampleId = 0;
    int classIndex = 0; // the class of the blob
    int blobId = 0;     // extractBlobs id within (source mask, class)
    cv::Rect crop;      // the blob's bounding box in the source image
    cv::Point position; // top-left corner of the rotated crop on the synthetic image
    int rotation = 0;   // quarter turns clockwise, 0..3
    ColourJitter jitter;
    bool operator==(const PasteRecord&) const = default;
};

struct Provenance {
    static constexpr const char* kFormat = "dwb-provenance/1";

    std::uint64_t seed = 0; // generate(seed) reproduces this record
    int width = 0;
    int height = 0;
    std::int64_t baseSampleId = 0;
    bool baseDefective = false; // the no-defect-free fallback: pasted onto a defective image
    int primaryClass = 0;       // the class drawn from the sampler
    std::vector<double> classProbabilities; // what the sampler offered (before restriction)
    std::uint32_t layoutBits = 0;           // classes the layout table asked for
    std::vector<PasteRecord> pastes;        // in paste order: a later paste covers earlier ones
    BorderSides borders;                    // of the base image, which gates the shifts
    bool flipHorizontal = false;            // applied after pasting
    bool flipVertical = false;
    ShiftMode shiftMode = ShiftMode::Wrap; // how shiftX/Y scroll; records without one wrapped
    int shiftX = 0;                        // scroll after the flips, positive to the right
    int shiftY = 0;                        // positive downwards
    ColourJitter finalJitter;              // over the whole image, last
    std::uint32_t classBits = 0;           // classes visible in the final mask
    bool operator==(const Provenance&) const = default;
};

// One-line JSON object; doubles in their shortest exact form, so the round trip is lossless.
std::string provenanceToJson(const Provenance& provenance);

// Parses what provenanceToJson wrote; Corrupt with the offending field or offset otherwise.
Result<Provenance> provenanceFromJson(std::string_view json);

} // namespace dwb
