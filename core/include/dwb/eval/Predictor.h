#pragma once

// Runs a trained model on image files: per-class masks at each image's own size and image-level
// scores, and writes them as PNGs, CSV and JSON. Torch: include only where needed.

#include "dwb/core/Error.h"
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

// The model's answer for one image file.
struct Prediction {
    std::filesystem::path path; // as given
    int width = 0;              // of the original image
    int height = 0;
    std::vector<float> scores; // per class: sigmoid of the image logit
    cv::Mat mask; // CV_16UC1 at the original size: bit c set where class c > its pixel threshold
    std::string error; // non-empty when the file could not be read (no scores, no mask)
};

// (images done, images in all), called after every batch.
using PredictionProgress = std::function<void(std::size_t done, std::size_t total)>;

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

// Per readable prediction, the stem its files take: the image file's, with a "-2", "-3"...
// suffix when one of its mask names would be taken twice; empty for unreadable predictions.
std::vector<std::string> predictionStems(const std::vector<Prediction>& predictions,
                                         const ModelMeta& meta);

// Per readable prediction, per class: the mask file name writePredictions gives it,
// "<stem>_<class>.png" with the class name made filesystem-safe and a "-2", "-3"... suffix on
// the stem when a name would be taken twice. Unreadable predictions get an empty list.
std::vector<std::vector<std::string>> maskFileNames(const std::vector<Prediction>& predictions,
                                                    const ModelMeta& meta);

// The "dwb-predict/1" JSON document that writePredictions stores as predictions.json.
std::string predictionsToJson(const std::vector<Prediction>& predictions, const ModelMeta& meta);

// Creates `outDir` and writes one 0/255 PNG per readable image and class, scores.csv (header
// "image,<class>...", one row per readable image) and predictions.json.
Status writePredictions(const std::vector<Prediction>& predictions, const ModelMeta& meta,
                        const std::filesystem::path& outDir);

// Writes `outDir`/overlays/<stem>.png for each readable prediction: the image with each
// predicted class outlined in its colour (drawClassOutlines), for people to look at.
Status writeOverlays(const std::vector<Prediction>& predictions, const ModelMeta& meta,
                     const std::filesystem::path& outDir);

} // namespace dwb
