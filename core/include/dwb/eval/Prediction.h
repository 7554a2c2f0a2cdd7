#pragma once

// A model's answers for image files, and the files they are written to. Torch-free: the LibTorch
// predictor (Predictor.h) and the ONNX one (OnnxPredictor.h) give the same answers in the same
// files.

#include "dwb/core/Error.h"
#include "dwb/model/ModelMeta.h"

#include <opencv2/core/mat.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
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

// The image file as a model reads it (grey for one input channel, else BGR); empty, with `error`
// saying why, when it is not a regular file or does not decode. Never throws.
cv::Mat readModelImage(const std::filesystem::path& path, int channels, std::string& error);

// (images done, images in all), called after every batch.
using PredictionProgress = std::function<void(std::size_t done, std::size_t total)>;

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
