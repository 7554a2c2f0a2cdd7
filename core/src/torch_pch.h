#pragma once

// Precompiled for the core files that use torch. Keep to the narrow headers those files need;
// model and training code adds <torch/nn.h> and <torch/optim.h> here when it arrives.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/types.h>
