#pragma once

// The paper's progressive loss: lambda * L_cls + (1 - lambda) * L_seg, both binary cross
// entropy with a positive weight per class. Torch: include only where needed.

#include "dwb/model/Can.h"

#include <ATen/core/Tensor.h>

#include <vector>

namespace dwb {

struct LossTerms {
    at::Tensor total;       // scalar, what the optimizer minimises
    at::Tensor clsPerClass; // classes: mean over the batch of the image-level BCE
    at::Tensor segPerClass; // classes: mean over the batch and pixels of the pixel BCE
};

class ProgressiveLoss {
public:
    // Empty weight lists mean 1 for every class.
    ProgressiveLoss(int classes, const std::vector<double>& posWeightCls,
                    const std::vector<double>& posWeightSeg, const at::Device& device);

    LossTerms operator()(const CanOutput& output, const at::Tensor& masks, const at::Tensor& labels,
                         double lambda) const;

private:
    at::Tensor m_posWeightCls; // classes
    at::Tensor m_posWeightSeg; // classes x 1 x 1
};

} // namespace dwb
