#pragma once

// Batch-normalisation statistics measured afresh ("precise BN"): the running averages a CAN
// keeps during training lag behind its weights and, when it trains on crops, describe crops
// rather than the whole images it is validated and used on. Torch: include only where needed.

#include "dwb/core/Error.h"
#include "dwb/model/Can.h"
#include "dwb/train/SampleSet.h"

#include <c10/core/Device.h>

#include <cstdint>
#include <vector>

namespace dwb {

// Replaces every batch normalisation's running mean and variance by their plain average over
// `count` whole images drawn from `samples` with `seed` (all of them when there are fewer), in
// batches of `batchSize`, without gradients. The weights and the training mode are unchanged.
Status recalibrateBatchNorm(Can& model, const std::vector<PreparedSample>& samples,
                            std::size_t count, int batchSize, const c10::Device& device,
                            std::uint64_t seed);

} // namespace dwb
