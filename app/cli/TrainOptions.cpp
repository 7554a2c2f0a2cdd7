#include "TrainOptions.h"

#include <sstream>

namespace dwb::cli {
namespace {

Result<std::vector<double>> parseList(const std::string& option, const std::string& text)
{
    std::vector<double> values;
    std::istringstream in(text);
    for (std::string part; std::getline(in, part, ',');) {
        auto value = parseNumber(option, part);
        if (!value)
            return std::unexpected(value.error());
        values.push_back(*value);
    }
    return values;
}

template <typename T>
Status setInteger(const ParsedArgs& args, const std::string& option, T& out)
{
    if (auto text = args.value(option)) {
        auto value = parseInteger(option, *text);
        if (!value)
            return std::unexpected(value.error());
        out = static_cast<T>(*value);
    }
    return {};
}

Status setNumber(const ParsedArgs& args, const std::string& option, double& out)
{
    if (auto text = args.value(option)) {
        auto value = parseNumber(option, *text);
        if (!value)
            return std::unexpected(value.error());
        out = *value;
    }
    return {};
}

} // namespace

std::vector<OptionSpec> trainingOptionSpecs()
{
    return {
        {"preset", "NAME", "start from a preset: default or magnetic-tile (the paper's settings)"},
        {"epochs", "N", "epochs (default 30)"},
        {"batch", "N", "batch size (default 8)"},
        {"lr", "X", "Adam learning rate (default 5e-4)"},
        {"betas", "B1,B2", "Adam betas (default 0.99,0.99)"},
        {"size", "HxW", "network input size (default: the most common image size)"},
        {"pool", "P", "average-pooling kernel (default: 2 up to ~400 px, else 3)"},
        {"channels", "1|3", "grey or colour input (default 1)"},
        {"pos-weight-cls", "W,...", "classification positive weight per class"},
        {"pos-weight-seg", "W,...", "segmentation positive weight per class"},
        {"schedule", "NAME", "lambda schedule: classification-first, constant, segmentation-first"},
        {"lambda", "START,END", "lambda at the first and last epoch (default 1,0)"},
        {"threshold", "T", "decision threshold (default 0.5)"},
        {"seed", "N", "seed of weights, order and flips (default 42)"},
        {"device", "D", "auto, cpu, cuda or cuda:N (default auto)"},
        {"threads", "N", "CPU threads (default: all cores)"},
        {"checkpoint-every", "N", "epochs between checkpoints (default 5)"},
        {"mixed-precision", "", "CUDA: bfloat16 autocast"},
        {"no-flips", "", "no random flips of training images"},
        {"augment", "", "guided-crop augmentation (docs/augmentation.md)"},
        {"augment-every", "K", "epochs between synthetic sets (default 15)"},
        {"augment-count", "N", "synthetic images per set (default 500)"},
        {"augment-temperature", "T", "sampler temperature: >1 flatter, <1 sharper (default 1)"},
        {"augment-floor", "F", "share of the probability spread evenly (default 0.2)"},
    };
}

Result<std::pair<int, int>> parseSize(const std::string& option, const std::string& text)
{
    const auto x = text.find('x');
    if (x == std::string::npos)
        return fail(ErrorCode::InvalidArgument, "--" + option + " expects HxW, got '" + text + "'");
    auto height = parseInteger(option, text.substr(0, x));
    auto width = parseInteger(option, text.substr(x + 1));
    if (!height || !width || *height < 8 || *width < 8)
        return fail(ErrorCode::InvalidArgument,
                    "--" + option + " expects HxW of at least 8x8, got '" + text + "'");
    return std::pair{static_cast<int>(*height), static_cast<int>(*width)};
}

Result<TrainingConfig> trainingConfigFromArgs(const ParsedArgs& args)
{
    TrainingConfig config;
    if (auto preset = args.value("preset")) {
        if (*preset == "magnetic-tile")
            config = magneticTileConfig();
        else if (*preset != "default")
            return fail(ErrorCode::InvalidArgument, "unknown preset '" + *preset + "'");
    }
    for (const auto& [option, field] : {std::pair{"epochs", &config.epochs},
                                        {"batch", &config.batchSize},
                                        {"pool", &config.pool},
                                        {"channels", &config.inputChannels},
                                        {"threads", &config.threads},
                                        {"checkpoint-every", &config.checkpointEvery},
                                        {"augment-every", &config.augmentEvery},
                                        {"augment-count", &config.augmentCount}})
        if (auto ok = setInteger(args, option, *field); !ok)
            return std::unexpected(ok.error());
    if (auto ok = setInteger(args, "seed", config.seed); !ok)
        return std::unexpected(ok.error());
    for (const auto& [option, field] : {std::pair{"lr", &config.learningRate},
                                        {"threshold", &config.threshold},
                                        {"augment-temperature", &config.augmentTemperature},
                                        {"augment-floor", &config.augmentFloor}})
        if (auto ok = setNumber(args, option, *field); !ok)
            return std::unexpected(ok.error());
    for (const auto& [option, pair] :
         {std::pair{"betas", std::pair{&config.beta1, &config.beta2}},
          {"lambda", std::pair{&config.lambdaStart, &config.lambdaEnd}}}) {
        if (auto text = args.value(option)) {
            auto values = parseList(option, *text);
            if (!values)
                return std::unexpected(values.error());
            if (values->size() != 2)
                return fail(ErrorCode::InvalidArgument,
                            "--" + std::string(option) + " expects two numbers");
            *pair.first = (*values)[0];
            *pair.second = (*values)[1];
        }
    }
    for (const auto& [option, list] : {std::pair{"pos-weight-cls", &config.posWeightCls},
                                       {"pos-weight-seg", &config.posWeightSeg}})
        if (auto text = args.value(option)) {
            auto values = parseList(option, *text);
            if (!values)
                return std::unexpected(values.error());
            *list = *values;
        }
    if (auto size = args.value("size")) {
        auto parsed = parseSize("size", *size);
        if (!parsed)
            return std::unexpected(parsed.error());
        config.inputHeight = parsed->first;
        config.inputWidth = parsed->second;
    }
    if (auto schedule = args.value("schedule")) {
        auto parsed = trainingConfigFromText("schedule = " + *schedule);
        if (!parsed)
            return fail(ErrorCode::InvalidArgument, "unknown --schedule '" + *schedule + "'");
        config.schedule = parsed->schedule;
    }
    if (auto device = args.value("device"))
        config.device = *device;
    config.mixedPrecision = args.flag("mixed-precision");
    config.flips = !args.flag("no-flips");
    // Any of the augmentation settings turns it on.
    config.augment = args.flag("augment") || args.value("augment-every") ||
                     args.value("augment-count") || args.value("augment-temperature") ||
                     args.value("augment-floor");
    // Checked against the project's classes when training starts.
    return config;
}

} // namespace dwb::cli
