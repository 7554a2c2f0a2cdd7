#pragma once

#include "ArgParser.h"

#include "dwb/dataset/SplitAssigner.h"

namespace dwb::cli {

// --seed and --split (T,V,E) into a validated SplitConfig.
Result<SplitConfig> splitConfigFromArgs(const ParsedArgs& args);

} // namespace dwb::cli
