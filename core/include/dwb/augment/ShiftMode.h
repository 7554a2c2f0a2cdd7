#pragma once

// How the guided-crop augmenter scrolls a whole synthetic image after pasting. Its own header so
// that TrainingConfig can name it without OpenCV.

#include <optional>
#include <string_view>

namespace dwb {

// `Wrap` rolls the image round (numpy.roll), `Mirror` reflects it into the space it leaves (no
// intensity step where edges meet, but part of the image is lost and part doubled), `None` does
// not scroll: the default, as docs/augmentation.md ("Shifts") measures.
enum class ShiftMode { None, Wrap, Mirror };

// "none", "wrap", "mirror"; and back (nullopt for anything else).
const char* shiftModeName(ShiftMode mode);
std::optional<ShiftMode> shiftModeFromName(std::string_view name);

} // namespace dwb
