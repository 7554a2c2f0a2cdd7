#pragma once

// Test models with batch normalisations far from the identity (torch).

#include "dwb/model/Can.h"

#include <torch/utils.h>

namespace dwb::test {

// A CAN whose batch normalisations are far from the identity, so that a fold that dropped or
// misplaced any of their four tensors would change the outputs.
inline Can randomisedCan(const CanOptions& options)
{
    Can model(options);
    torch::NoGradGuard noGrad;
    for (auto& buffer : model->named_buffers()) {
        if (buffer.key().ends_with("running_mean"))
            buffer.value().uniform_(-0.5, 0.5);
        else if (buffer.key().ends_with("running_var"))
            buffer.value().uniform_(0.2, 3.0);
    }
    for (auto& parameter : model->named_parameters()) {
        if (parameter.key().starts_with("norms.") && parameter.key().ends_with("weight"))
            parameter.value().uniform_(0.3, 2.0);
        else if (parameter.key().starts_with("norms.") && parameter.key().ends_with("bias"))
            parameter.value().uniform_(-0.5, 0.5);
    }
    model->eval();
    return model;
}

} // namespace dwb::test
