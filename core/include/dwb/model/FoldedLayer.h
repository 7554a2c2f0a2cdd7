#pragma once

// One convolution of a CAN with its batch normalisation folded in, as plain floats. Torch-free:
// the oneDNN engine and the ONNX export read the folded network in this form.

#include <vector>

namespace dwb {

// float32, out x in x k x k (OIHW, contiguous), stride 1, padding = dilation * (k / 2), so that
// the output keeps the input's size.
struct FoldedLayer {
    std::vector<float> weight;
    std::vector<float> bias;
    int inputs = 0;
    int outputs = 0;
    int kernel = 3;
    int dilation = 1;
};

} // namespace dwb
