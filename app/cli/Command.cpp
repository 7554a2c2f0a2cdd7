#include "Command.h"

#include <cstdio>
#include <iostream>
#include <sstream>

namespace dwb::cli {
namespace {

template <typename T>
std::string boundsText(const std::string& name, const Bounds<T>& bounds)
{
    std::ostringstream out;
    out << "--" << name << " must be ";
    if (!bounds.max)
        out << "at least " << *bounds.min;
    else if (!bounds.min)
        out << "at most " << *bounds.max;
    else
        out << "from " << *bounds.min << " to " << *bounds.max;
    return out.str();
}

// The shared rule of optionalInteger and optionalNumber (see Bounds).
template <typename T, typename Parse>
Result<std::optional<T>> boundedValue(const ParsedArgs& args, const std::string& name,
                                      const Bounds<T>& bounds, Parse parse)
{
    const auto text = args.value(name);
    if (!text)
        return std::nullopt;
    const auto value = parse(name, *text);
    // A NaN compares false with both bounds, and so passes.
    const bool outside =
        value && ((bounds.min && *value < *bounds.min) || (bounds.max && *value > *bounds.max));
    if (value && !outside)
        return std::optional<T>(*value);
    if (!bounds.message.empty()) {
        std::string message = bounds.message;
        if (const auto slot = message.find("{}"); slot != std::string::npos)
            message.replace(slot, 2, *text);
        return fail(ErrorCode::InvalidArgument, std::move(message));
    }
    if (!value)
        return std::unexpected(value.error());
    return fail(ErrorCode::InvalidArgument, boundsText(name, bounds));
}

} // namespace

int runCommand(const CommandSpec& spec, std::span<const std::string> args, const CommandBody& body)
{
    if (wantsHelp(args)) {
        std::cout << helpText(spec);
        return kExitOk;
    }
    const auto parsed = parseArgs(spec, args);
    if (!parsed)
        return usageError(parsed.error());
    return body(*parsed);
}

int reportError(const Error& error, int exitCode)
{
    std::fprintf(stderr, "error: %s\n", error.message.c_str());
    return exitCode;
}

int usageError(const Error& error)
{
    return reportError(error, kExitUsage);
}

int usageError(std::string message)
{
    return usageError(Error{ErrorCode::InvalidArgument, std::move(message)});
}

std::optional<ProjectDb> openProject(const std::string& path, bool readOnly)
{
    auto project = readOnly ? ProjectDb::openReadOnly(path) : ProjectDb::open(path);
    if (!project) {
        reportError(project.error());
        return std::nullopt;
    }
    return std::move(*project);
}

Result<std::optional<long long>> optionalInteger(const ParsedArgs& args, const std::string& name,
                                                 const Bounds<long long>& bounds)
{
    return boundedValue(args, name, bounds, parseInteger);
}

Result<std::optional<double>> optionalNumber(const ParsedArgs& args, const std::string& name,
                                             const Bounds<double>& bounds)
{
    return boundedValue(args, name, bounds, parseNumber);
}

Status readNumber(const ParsedArgs& args, const std::string& name, double& out,
                  const Bounds<double>& bounds)
{
    auto value = optionalNumber(args, name, bounds);
    if (!value)
        return std::unexpected(value.error());
    if (*value)
        out = **value;
    return {};
}

} // namespace dwb::cli
