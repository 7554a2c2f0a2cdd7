#pragma once

// Precompiled for the core files that use torch: the narrow headers they need, not
// <torch/torch.h>.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/nn/functional.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/optim/adam.h>
#include <torch/serialize.h>
#include <torch/types.h>
