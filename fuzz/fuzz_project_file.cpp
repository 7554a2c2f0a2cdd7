// The project file check, which runs on whatever file a user opens: any bytes end in a verdict
// (ok or an error), never a crash.

#include "ProjectFileCheck.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        ("dwb-fuzz-project-" + std::to_string(::getpid()) + ".dwb");
    if (std::FILE* file = std::fopen(path.c_str(), "wb")) {
        std::fwrite(data, 1, size, file);
        std::fclose(file);
    }
    (void)dwb::checkProjectFile(path, 8);
    std::filesystem::remove(path);
    std::filesystem::remove(path.string() + "-wal");
    std::filesystem::remove(path.string() + "-shm");
    return 0;
}
