#pragma once

#include "ArgParser.h"

#include "dwb/train/TrainingConfig.h"

#include <vector>

namespace dwb::cli {

// The TrainingConfig knobs as command-line options (shared by train and bench).
std::vector<OptionSpec> trainingOptionSpecs();
Result<TrainingConfig> trainingConfigFromArgs(const ParsedArgs& args);

// "HxW" -> {height, width}.
// The largest side --size accepts: 8192 x 8192 is 64 million pixels an image already.
inline constexpr int kMaxSide = 8192;

Result<std::pair<int, int>> parseSize(const std::string& option, const std::string& text);

} // namespace dwb::cli
