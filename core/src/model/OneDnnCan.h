#pragma once

// The CAN's folded convolution stack run through oneDNN directly (private to core/src/model).

#include "dwb/model/FoldedLayer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dwb::detail {

using dwb::FoldedLayer;

// The dilated stack and the 1x1 head of a folded CAN, as oneDNN primitives on the CPU.
//
// Per input size (cached): one convolution primitive per layer with LeakyReLU fused as an eltwise
// post-op and, on the layers that end a skip connection, the skip add fused after it as a binary
// post-op reading the early layer's buffer. Activations stay in oneDNN's blocked layout for the
// ISA it runs on (nChw8c on AVX2, nChw16c on AVX-512) from the first layer to the head; a layer
// whose padding the ISA's direct kernel cannot take reads a zero-bordered copy of its input
// instead (planFor). Weights are reordered once; every buffer is allocated once per input size
// and reused for each image.
class OneDnnCan {
public:
    // `layers`: the dilated stack, then the 1x1 head (dilation 1, kernel 1). Throws
    // std::invalid_argument when consecutive layers' channels do not chain.
    OneDnnCan(std::vector<FoldedLayer> layers, float leak);
    ~OneDnnCan();
    OneDnnCan(const OneDnnCan&) = delete;
    OneDnnCan& operator=(const OneDnnCan&) = delete;

    // Pooled logits of one image: `input` is inputs x height x width (planar, contiguous),
    // `logits` classes x height x width. Serialised: one image at a time across threads (oneDNN
    // already spreads one image over every core).
    void forward(const float* input, int height, int width, float* logits) const;

    // The oneDNN implementations the stack runs at this size, with their layer counts, e.g.
    // "jit:avx2 x13 (5 reading a zero-bordered copy)"; builds the plan on first use.
    std::string kernelName(int height, int width) const;

    // oneDNN's version and the instruction set it dispatches to here, e.g. "oneDNN 2.6.3 avx2".
    static std::string libraryDescription();

private:
    struct Plan;
    struct State;
    Plan& planFor(int height, int width) const;

    std::vector<FoldedLayer> m_layers;
    float m_leak;
    std::unique_ptr<State> m_state;
};

} // namespace dwb::detail
