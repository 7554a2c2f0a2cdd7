#pragma once

#include "dwb/core/Error.h"

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace dwb::cli {

struct OptionSpec {
    std::string name;      // without the leading dashes
    std::string valueName; // empty for a flag
    std::string help;
};

struct CommandSpec {
    std::string name;
    std::string usage; // after "dwb NAME "
    std::string summary;
    std::vector<OptionSpec> options;
    std::size_t minPositional = 0;
    std::size_t maxPositional = 0;
};

class ParsedArgs {
public:
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;
    std::set<std::string> flags;

    bool flag(const std::string& name) const { return flags.contains(name); }
    std::optional<std::string> value(const std::string& name) const;
};

// True when the arguments ask for help (-h or --help anywhere).
bool wantsHelp(std::span<const std::string> args);

// Parses "--name value", "--name=value" and flags against the spec; "--" ends options.
Result<ParsedArgs> parseArgs(const CommandSpec& spec, std::span<const std::string> args);

std::string helpText(const CommandSpec& spec);

// Parses a whole number or fails naming the option.
Result<long long> parseInteger(const std::string& option, const std::string& text);
Result<double> parseNumber(const std::string& option, const std::string& text);
// "X,Y,..." as numbers, failing on the first that is not one.
Result<std::vector<double>> parseNumberList(const std::string& option, const std::string& text);

} // namespace dwb::cli
