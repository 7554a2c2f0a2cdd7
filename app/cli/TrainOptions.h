#pragma once

#include "ArgParser.h"

#include "dwb/train/TrainingConfig.h"

#include <vector>

namespace dwb::cli {

// The TrainingConfig knobs as command-line options (shared by train and bench).
std::vector<OptionSpec> trainingOptionSpecs();
Result<TrainingConfig> trainingConfigFromArgs(const ParsedArgs& args);

// "HxW" -> {height, width}.
Result<std::pair<int, int>> parseSize(const std::string& option, const std::string& text);

} // namespace dwb::cli
