#pragma once

// The CAN for inference only (torch). Include only where torch is needed.

#include "dwb/model/Can.h"
#include "dwb/model/FoldedLayer.h"
#include "dwb/model/InferenceEngine.h"

#include <ATen/core/Tensor.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace dwb {

namespace detail {
class OneDnnCan;
}

// Which engine runs an input size, and why ("DWB_ENGINE", "measured now: ...", "cached: ...").
struct EngineChoice {
    InferenceEngine engine = InferenceEngine::Nchw;
    std::string reason;
};

// An evaluation-only copy of a trained CAN: each batch normalisation, with its running statistics,
// is folded into the convolution before it (w' = w * g / sqrt(v + eps), b' = (b - m) * g /
// sqrt(v + eps) + beta), so that a forward pass runs 14 convolutions and no normalisation. The
// copy owns its weights: later changes to the source model do not reach it.
//
// On the CPU it runs one image of a batch at a time, through one of three engines
// (InferenceEngine.h) whose speed depends on the CPU: oneDNN's blocked kernels with fused
// post-ops, channels-last or NCHW through at::conv2d. Unless one is named (the constructor, or
// DWB_ENGINE), the first call at an input size uses the choice cached for this CPU, libraries,
// thread count and size, or times every engine on that input, checks each against the NCHW result
// and caches the fastest (bench/README.md). On a GPU the whole batch runs channels-last.
class CanInference {
public:
    // Folds `model`'s current weights and running statistics, on the device they are on. Throws
    // std::invalid_argument when the model's modules do not have the CAN's layout.
    explicit CanInference(const Can& model, std::optional<InferenceEngine> engine = std::nullopt,
                          EngineCache cache = EngineCache(EngineCache::defaultFile()));
    ~CanInference();
    CanInference(CanInference&&) noexcept;
    CanInference& operator=(CanInference&&) noexcept;

    // What `model->eval()` followed by `model->forward(images)` returns, within float rounding
    // (about 1e-6 relative), without recording gradients. `images` is N x channels x H x W on
    // the weights' device.
    CanOutput forward(const at::Tensor& images) const;

    // The engine that runs (or would run) images of this size, choosing it now if need be.
    EngineChoice engineFor(std::int64_t height, std::int64_t width) const;

    // Moves the folded weights to `device`.
    void to(const at::Device& device);

    const CanOptions& options() const { return m_options; }
    // The folded stack, then the 1x1 head, as float32 on the CPU (the ONNX export's weights).
    std::vector<FoldedLayer> foldedLayers() const;

    // Whether an engine can run this model here (oneDNN: float32 weights on the CPU).
    bool supports(InferenceEngine engine) const;

    // Mask logits at the pooled size, N x classes x H/pool x W/pool, contiguous NCHW, through
    // `engine` on the whole of `images` (no chunking): for tests and measurements.
    at::Tensor pooledLogits(const at::Tensor& images, InferenceEngine engine) const;

private:
    EngineChoice choose(const at::Tensor& sample) const;
    std::string cacheKey(std::int64_t pooledHeight, std::int64_t pooledWidth) const;
    const detail::OneDnnCan& oneDnn() const;

    struct Layer {
        at::Tensor weight;             // out x in x k x k, batch normalisation folded in, NCHW
        at::Tensor channelsLastWeight; // the same, channels-last strides
        at::Tensor bias;               // out
        std::int64_t dilation = 1;
    };

    CanOptions m_options;
    std::vector<Layer> m_layers; // the dilated stack, then the 1x1 head
    std::optional<InferenceEngine> m_forced;
    EngineCache m_cache;
    // m_mutex guards the choices; m_buildMutex the oneDNN engine, built on first use (a choice
    // being measured builds it while m_mutex is held).
    mutable std::unique_ptr<std::mutex> m_mutex;
    mutable std::unique_ptr<std::mutex> m_buildMutex;
    mutable std::unique_ptr<detail::OneDnnCan> m_oneDnn;
    mutable std::map<std::pair<std::int64_t, std::int64_t>, EngineChoice> m_choices;
};

} // namespace dwb
