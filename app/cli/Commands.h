#pragma once

#include "dwb/core/Error.h"

#include <span>
#include <string>

namespace dwb::cli {

// Each command takes the arguments after its name and returns the process exit code.
int importCommand(std::span<const std::string> args);
int infoCommand(std::span<const std::string> args);
int demoCommand(std::span<const std::string> args);
int splitCommand(std::span<const std::string> args);
int trainCommand(std::span<const std::string> args);
int evalCommand(std::span<const std::string> args);
int augmentCommand(std::span<const std::string> args);
int benchCommand(std::span<const std::string> args);
int predictCommand(std::span<const std::string> args);

// Exit codes scripts may rely on (docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitUsage = 2;

// Prints "error: <message>" on stderr and returns `exitCode`.
int reportError(const Error& error, int exitCode = kExitError);

} // namespace dwb::cli
