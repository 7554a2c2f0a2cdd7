#pragma once

// The CAN as an ONNX graph: written from the folded network (batch normalisations inside the
// convolutions), and run through OpenCV's DNN module, a runtime independent of LibTorch.
// Torch-free.

#include "dwb/core/Error.h"
#include "dwb/model/CanOptions.h"
#include "dwb/model/FoldedLayer.h"

#include <opencv2/core/mat.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace dwb {

// The graph's names, as model.json and docs/deploy.md give them.
inline constexpr const char* kOnnxInput = "image";              // N x C x H x W float (onnxInput)
inline constexpr const char* kOnnxMaskLogits = "mask_logits";   // N x classes x H x W
inline constexpr const char* kOnnxImageLogits = "image_logits"; // N x classes
inline constexpr int kOnnxOpset = 13;

// Whether the exported graph takes any height and width (multiples of the pooling) or only the
// trained size: nearest upsampling back from the pooled size by a whole factor is a Resize that
// runs at any size; otherwise the upsampling is a fixed row and column selection.
bool onnxTakesAnySize(const CanOptions& options, int height, int width);

// What the graph takes for one 8-bit image (CV_8UC1, or CV_8UC3 in OpenCV's BGR order): its pixels
// / 255 as CV_32F and, for a model that standardises (CanOptions::standardize), minus their mean,
// divided by their deviation (at least kMinImageDeviation), both over channels and pixels
// together. The standardisation stays outside the graph: OpenCV 4.6's ONNX reader cannot
// broadcast one computed value per image over the image.
cv::Mat onnxInput(const cv::Mat& image, bool standardize);

// The serialized ONNX model (opset 13, dynamic batch) of a folded CAN, checked by ONNX's own
// checker: `layers` is the dilated stack then the 1x1 head (CanInference::foldedLayers). The
// graph pools, runs the stack with LeakyReLU and the skip additions, upsamples the head's logits
// to the input size and takes their maximum per class. InvalidArgument when the layers do not
// chain or the options do not match them.
Result<std::string> canToOnnx(const std::vector<FoldedLayer>& layers, const CanOptions& options,
                              int height, int width, const std::string& producerVersion);

// An exported model loaded into OpenCV's DNN module (CPU).
class OnnxCan {
public:
    // Corrupt when OpenCV cannot read the file as a network.
    static Result<OnnxCan> load(const std::filesystem::path& file);

    struct Output {
        cv::Mat maskLogits;  // 4-D N x classes x H x W, CV_32F
        cv::Mat imageLogits; // N x classes, CV_32F
    };
    // `images`: CV_8UC1 or CV_8UC3 (BGR), all of one size, made inputs by onnxInput.
    Result<Output> forward(const std::vector<cv::Mat>& images, bool standardize) const;

    ~OnnxCan();
    OnnxCan(OnnxCan&&) noexcept;
    OnnxCan& operator=(OnnxCan&&) noexcept;

private:
    OnnxCan();
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace dwb
