#include "ArgParser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace dwb::cli {

std::optional<std::string> ParsedArgs::value(const std::string& name) const
{
    const auto found = values.find(name);
    return found == values.end() ? std::nullopt : std::optional(found->second);
}

bool wantsHelp(std::span<const std::string> args)
{
    return std::ranges::any_of(args,
                               [](const std::string& a) { return a == "-h" || a == "--help"; });
}

Result<ParsedArgs> parseArgs(const CommandSpec& spec, std::span<const std::string> args)
{
    ParsedArgs parsed;
    bool optionsEnded = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (optionsEnded || !arg.starts_with("--") || arg == "--") {
            if (arg == "--" && !optionsEnded) {
                optionsEnded = true;
                continue;
            }
            parsed.positional.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name.resize(eq);
        }
        const auto spec_it = std::ranges::find(spec.options, name, &OptionSpec::name);
        if (spec_it == spec.options.end())
            return fail(ErrorCode::InvalidArgument,
                        "unknown option --" + name + " for 'dwb " + spec.name + "'");
        if (spec_it->valueName.empty()) {
            if (inlineValue)
                return fail(ErrorCode::InvalidArgument, "--" + name + " takes no value");
            parsed.flags.insert(name);
        } else if (inlineValue) {
            parsed.values[name] = *inlineValue;
        } else if (i + 1 < args.size()) {
            parsed.values[name] = args[++i];
        } else {
            return fail(ErrorCode::InvalidArgument,
                        "--" + name + " needs a value (" + spec_it->valueName + ")");
        }
    }
    if (parsed.positional.size() < spec.minPositional)
        return fail(ErrorCode::InvalidArgument,
                    "missing arguments; usage: dwb " + spec.name + " " + spec.usage);
    if (parsed.positional.size() > spec.maxPositional)
        return fail(ErrorCode::InvalidArgument,
                    "unexpected argument '" + parsed.positional[spec.maxPositional] +
                        "'; usage: dwb " + spec.name + " " + spec.usage);
    return parsed;
}

std::string helpText(const CommandSpec& spec)
{
    std::ostringstream out;
    out << "Usage: dwb " << spec.name << ' ' << spec.usage << "\n\n" << spec.summary << '\n';
    if (!spec.options.empty()) {
        out << "\nOptions:\n";
        for (const auto& option : spec.options) {
            std::string left = "  --" + option.name;
            if (!option.valueName.empty())
                left += ' ' + option.valueName;
            out << left;
            out << std::string(left.size() < 26 ? 26 - left.size() : 1, ' ') << option.help << '\n';
        }
    }
    out << "  --help                  show this help\n";
    return out.str();
}

namespace {

// `kind` names what the option expects in the message ("a whole number", "a number").
template <typename T>
Result<T> parseValue(const std::string& option, const std::string& text, const char* kind)
{
    T value{};
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end)
        return fail(ErrorCode::InvalidArgument,
                    "--" + option + " expects " + kind + ", got '" + text + "'");
    return value;
}

} // namespace

Result<long long> parseInteger(const std::string& option, const std::string& text)
{
    return parseValue<long long>(option, text, "a whole number");
}

Result<double> parseNumber(const std::string& option, const std::string& text)
{
    auto value = parseValue<double>(option, text, "a number");
    // from_chars reads "nan" and "inf", which no option means: they would reach the database or
    // the optimiser.
    if (value && !std::isfinite(*value))
        return fail(ErrorCode::InvalidArgument,
                    "--" + option + " expects a finite number, got '" + text + "'");
    return value;
}

Result<std::vector<double>> parseNumberList(const std::string& option, const std::string& text)
{
    std::vector<double> values;
    std::istringstream in(text);
    for (std::string part; std::getline(in, part, ',');) {
        auto value = parseNumber(option, part);
        if (!value)
            return std::unexpected(value.error());
        values.push_back(*value);
    }
    return values;
}

} // namespace dwb::cli
