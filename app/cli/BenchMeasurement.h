#pragma once

// What `dwb bench` measures: the CAN's inference and training speed on random input from a fixed
// seed, and the fastest fp32 matrix product here, which the rows' GFLOP/s are compared with.

#include "dwb/core/Error.h"
#include "dwb/model/InferenceEngine.h"

#include <c10/core/Device.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dwb::cli::bench {

// A network and input size the rows are measured at.
struct Shape {
    int height;
    int width;
    int pool;
    int classes;
    int largerBatch;
};

// What the command line chose.
struct Settings {
    at::Device device = at::kCPU;
    bool mixedPrecision = false;
    bool quick = false;
    bool unfolded = false;
    std::optional<InferenceEngine> engine; // nullopt: CanInference chooses
    std::string only;                      // a part of the row names to run; empty: all
};

// One measured row: inference or training, at a shape and a batch size.
struct Row {
    std::string name;
    std::string mode;
    Shape shape{};
    int batch = 1;
    double imagesPerSecond = 0;
    double msPerBatch = 0;
    std::int64_t parameters = 0;
    double gmac = 0;
    double gflops = 0;
    double peakShare = 0;
    std::optional<double> check; // inference: the mean mask logit, which the peer reproduces
    std::string engine;          // inference: the engine that ran, and why
    std::string engineReason;
};

// The fastest fp32 matrix product measured, and which kernel ran it.
struct Peak {
    double gflops = 0;
    std::string kernel;
};

// Measures the Peak on `device`.
Peak measurePeak(const at::Device& device);

// Times every row whose name contains settings.only, calling `onRow` as each is done; peakShare
// is left for the caller, which measures the peak. Fails when the CAN's parameter count differs
// from canStats.
Result<std::vector<Row>> runRows(const Settings& settings,
                                 const std::function<void(const Row&)>& onRow);

} // namespace dwb::cli::bench
