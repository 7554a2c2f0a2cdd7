#pragma once

// What inference needs beside a model's weights: network shape, class names and colours, input
// size, thresholds. Torch-free: the ONNX path and the deployment example use it without torch.

#include "dwb/core/Error.h"
#include "dwb/model/CanOptions.h"

#include <string>
#include <vector>

namespace dwb {

struct ModelMeta {
    CanOptions options;
    std::vector<std::string> classNames;
    std::vector<std::string> classColors;
    int inputHeight = 0;
    int inputWidth = 0;
    double threshold = 0.5;
    // Per class, calibrated on the validation split (dwb/eval/Calibration.h); empty: `threshold`
    // for every class.
    std::vector<double> imageThresholds; // image level: present when the score is above
    std::vector<double> pixelThresholds; // pixel level: the class's where the probability is above
    int epoch = -1;                      // the 0-based epoch the weights are from; -1: unknown

    double imageThreshold(int classIndex) const;
    double pixelThreshold(int classIndex) const;
    bool calibrated() const { return !imageThresholds.empty(); }
    // Forgets calibrated thresholds: `threshold` for everything.
    void setThreshold(double value);
};

// The description stored inside a model file ("key = value" lines, format dwb-model/1 or 2).
std::string toText(const ModelMeta& meta);
Result<ModelMeta> modelMetaFromText(const std::string& text);

} // namespace dwb
