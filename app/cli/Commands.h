#pragma once

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
int exportCommand(std::span<const std::string> args);
int exportDatasetCommand(std::span<const std::string> args);
int jobCommand(std::span<const std::string> args);
int importRunCommand(std::span<const std::string> args);

} // namespace dwb::cli
