#pragma once

// Runs an exported model (model.onnx with model.json beside it) on image files through OpenCV's
// DNN module: the deployable file checked with the same command and outputs as the trained one
// (Predictor.h). Torch-free.

#include "dwb/core/Error.h"
#include "dwb/eval/Prediction.h"
#include "dwb/model/OnnxCan.h"

#include <filesystem>
#include <vector>

namespace dwb {

class OnnxPredictor {
public:
    // Reads `onnxFile` and the model.json in its folder. NotFound or Corrupt, naming the file.
    static Result<OnnxPredictor> load(const std::filesystem::path& onnxFile, int batchSize = 8);

    const ModelMeta& meta() const { return m_meta; }
    void setThreshold(double threshold) { m_meta.setThreshold(threshold); }

    // As Predictor::predict: each image resized to the model's input, its probabilities resized
    // (bilinear) back to its own size before the pixel thresholds.
    Result<std::vector<Prediction>> predict(const std::vector<std::filesystem::path>& images,
                                            const PredictionProgress& progress = {});

private:
    OnnxPredictor(OnnxCan net, ModelMeta meta, int batchSize);
    OnnxCan m_net;
    ModelMeta m_meta;
    int m_batchSize;
};

} // namespace dwb
