#pragma once

#include "ArgParser.h"

#include "dwb/core/Error.h"
#include "dwb/storage/ProjectDb.h"

#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <type_traits>

// What every dwb command shares: help, parsing, usage errors, opening the project and the
// "error: " line. A command declares its CommandSpec and hands runCommand the rest.
namespace dwb::cli {

// Exit codes scripts may rely on (docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitUsage = 2;

// A command's work once its arguments have parsed; returns the exit code.
using CommandBody = std::function<int(const ParsedArgs&)>;

// Prints the help for -h/--help (exit 0), reports arguments that do not fit the spec as a usage
// error (exit 2), and otherwise returns what `body` returns.
int runCommand(const CommandSpec& spec, std::span<const std::string> args, const CommandBody& body);

// Prints "error: <message>" on stderr and returns `exitCode`.
int reportError(const Error& error, int exitCode = kExitError);

// reportError with kExitUsage; the message form stands for an InvalidArgument error.
int usageError(const Error& error);
int usageError(std::string message);

// The project at `path`, or nullopt once "error: ..." is printed (the command exits kExitError).
// Commands that only read open it read-only, so they work on a read-only file or disk.
std::optional<ProjectDb> openProject(const std::string& path, bool readOnly = false);

// What an option's value may be; an unset bound is no bound. A bad value (not a number, or out
// of bounds) fails with `message` where one is given, "{}" standing for the value as typed;
// otherwise with the parser's message, or "--NAME must be at least MIN" (at most MAX, from MIN
// to MAX).
template <typename T>
struct Bounds {
    // The initialisers let {.min = 1} leave the rest out without -Wmissing-field-initializers.
    std::optional<T> min = std::nullopt;
    std::optional<T> max = std::nullopt;
    std::string message = {};
};

// --name as a whole number or a number within `bounds`; nullopt when the option is absent.
Result<std::optional<long long>> optionalInteger(const ParsedArgs& args, const std::string& name,
                                                 const Bounds<long long>& bounds = {});
Result<std::optional<double>> optionalNumber(const ParsedArgs& args, const std::string& name,
                                             const Bounds<double>& bounds = {});

// Sets `out` from --name when it is given; fails as optionalInteger and optionalNumber do. An
// unset bound of readInteger is the range of T, so a value never wraps round.
template <typename T>
Status readInteger(const ParsedArgs& args, const std::string& name, T& out,
                   Bounds<long long> bounds = {})
{
    using Limits = std::numeric_limits<T>;
    if (!bounds.min)
        bounds.min = static_cast<long long>(Limits::min());
    if (!bounds.max) {
        if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(long long))
            bounds.max = std::numeric_limits<long long>::max();
        else
            bounds.max = static_cast<long long>(Limits::max());
    }
    auto value = optionalInteger(args, name, bounds);
    if (!value)
        return std::unexpected(value.error());
    if (*value)
        out = static_cast<T>(**value);
    return {};
}
Status readNumber(const ParsedArgs& args, const std::string& name, double& out,
                  const Bounds<double>& bounds = {});

} // namespace dwb::cli
