#pragma once

#include "dwb/core/Error.h"

#include <filesystem>

namespace dwb {

// Checks, without writing a byte, that `path` holds a Defect Workbench project that this build
// can open: an SQLite file, whole (not truncated), with our application id, passing SQLite's
// quick check, with a schema no newer than `supportedVersion`.
Status checkProjectFile(const std::filesystem::path& path, int supportedVersion);

} // namespace dwb
