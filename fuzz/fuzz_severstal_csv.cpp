// Severstal's train.csv, whatever its bytes: the scan ends in a plan (rows it cannot use become
// warnings) or an error, and each planned sample's mask builds or fails cleanly.

#include "dwb/dataset/Importers.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    namespace fs = std::filesystem;
    static const fs::path root = [] {
        const fs::path folder =
            fs::temp_directory_path() / ("dwb-fuzz-severstal-" + std::to_string(::getpid()));
        fs::create_directories(folder / "train_images");
        // One image on disk, so that rows naming it plan a sample.
        if (std::FILE* image = std::fopen((folder / "train_images" / "a.jpg").c_str(), "wb"))
            std::fclose(image);
        return folder;
    }();
    if (std::FILE* csv = std::fopen((root / "train.csv").c_str(), "wb")) {
        std::fwrite(data, 1, size, csv);
        std::fclose(csv);
    }
    auto plan = dwb::scanSeverstal(root);
    if (plan)
        for (const auto& sample : plan->samples)
            (void)sample.loadMask(cv::Size(16, 8));
    return 0;
}
