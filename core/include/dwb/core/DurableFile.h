#pragma once

// Files that survive a crash: written beside their target, flushed to the disk, renamed over it
// and the folder flushed, so that after a kill or a power cut the target holds either its old
// bytes or its new ones, never a mix. docs/reliability.md lists where the project relies on it.

#include "dwb/core/Error.h"

#include <filesystem>
#include <string_view>

namespace dwb {

// fsync of a file, or of a folder (its entries: a rename inside it).
Status syncFile(const std::filesystem::path& path);
Status syncDirectory(const std::filesystem::path& folder);

// Flushes `partial`, renames it to `target` and flushes the folder.
Status replaceDurably(const std::filesystem::path& partial, const std::filesystem::path& target);

// Writes `bytes` to `target` through `target` + ".partial" and replaceDurably.
Status writeFileDurably(const std::filesystem::path& target, std::string_view bytes);

// A crash-injection point for the tests: when the environment variable DWB_CRASH_AT names
// `point`, the process kills itself with SIGKILL here, as the OOM killer or a power cut would.
// "NAME#N" waits for the N-th time. The durable writes have "<file name>:mid-write" and
// "<file name>:before-rename"; training has "train-batch" and "epoch-recorded".
void crashPoint(std::string_view point);

} // namespace dwb
