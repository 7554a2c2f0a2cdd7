#pragma once

// Runs a trained model on image files: per-class masks at each image's own size and image-level
// scores, and writes them as PNGs, CSV and JSON. Torch: include only where needed.

#include "dwb/core/Error.h"
#include "dwb/eval/Prediction.h"
#include "dwb/model/CanInference.h"
#include "dwb/model/ModelFile.h"

#include <c10/core/Device.h>
#include <opencv2/core/mat.hpp>

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dwb {

class Predictor {
public:
    // Runs `model` on `device`, `batchSize` images at once. The first predict() moves it there
    // and folds its batch normalisations into its convolutions (CanInference).
    Predictor(LoadedModel model, const c10::Device& device, int batchSize = 8);

    const ModelMeta& meta() const { return m_meta; }
    // One decision threshold for image scores and pixels alike, in place of the model's own
    // (its per-class calibrated thresholds when it has them).
    void setThreshold(double threshold) { m_meta.setThreshold(threshold); }

    // One prediction per path, in order. An unreadable file gives a prediction with `error` set
    // and the others go on; torch failures and cancellation fail the whole call.
    Result<std::vector<Prediction>> predict(const std::vector<std::filesystem::path>& images,
                                            const PredictionProgress& progress = {},
                                            const std::atomic<bool>* cancel = nullptr);

private:
    Can m_model;
    std::optional<CanInference> m_inference; // the model with batch norms folded, on first use
    ModelMeta m_meta;
    c10::Device m_device;
    int m_batchSize;
};

} // namespace dwb
