// A label folder's classes.txt, whatever its bytes: the scan ends in a plan or an error, with
// no more classes than a project holds.

#include "dwb/dataset/Importers.h"
#include "dwb/imaging/ClassMask.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    namespace fs = std::filesystem;
    static const fs::path root = [] {
        const fs::path folder =
            fs::temp_directory_path() / ("dwb-fuzz-classes-" + std::to_string(::getpid()));
        fs::create_directories(folder / "images");
        fs::create_directories(folder / "masks");
        if (std::FILE* image = std::fopen((folder / "images" / "a.png").c_str(), "wb"))
            std::fclose(image);
        return folder;
    }();
    if (std::FILE* classes = std::fopen((root / "classes.txt").c_str(), "wb")) {
        std::fwrite(data, 1, size, classes);
        std::fclose(classes);
    }
    auto plan = dwb::scanLabelFolder(root);
    if (plan && plan->classNames.size() > static_cast<std::size_t>(dwb::kMaxClasses))
        std::abort();
    return 0;
}
