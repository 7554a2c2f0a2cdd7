#pragma once

// The paper's progressive loss: lambda * L_cls + (1 - lambda) * L_seg, both binary cross
// entropy with a positive weight per class; optionally a soft Dice term in L_seg, which weighs a
// tiny defect as much as a large one. Torch: include only where needed.

#include "dwb/model/Can.h"

#include <ATen/core/Tensor.h>

#include <vector>

namespace dwb {

struct LossTerms {
    at::Tensor total;       // scalar, what the optimizer minimises
    at::Tensor clsPerClass; // classes: mean over the batch of the image-level BCE
    at::Tensor segPerClass; // classes: mean over the batch and pixels of the pixel BCE, plus
                            // diceWeight times the class's soft Dice loss over the batch
};

class ProgressiveLoss {
public:
    // Empty weight lists mean 1 for every class.
    ProgressiveLoss(int classes, const std::vector<double>& posWeightCls,
                    const std::vector<double>& posWeightSeg, const at::Device& device,
                    double diceWeight = 0);

    LossTerms operator()(const CanOutput& output, const at::Tensor& masks, const at::Tensor& labels,
                         double lambda) const;

    // Data-parallel training: the Dice term's sums cover the whole batch across processes.
    void setBatchStatisticsSum(BatchStatisticsSum sum) { m_statisticsSum = std::move(sum); }

private:
    at::Tensor m_posWeightCls; // classes
    at::Tensor m_posWeightSeg; // classes x 1 x 1
    double m_diceWeight = 0;
    BatchStatisticsSum m_statisticsSum;
};

} // namespace dwb
