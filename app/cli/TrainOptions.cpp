#include "TrainOptions.h"

#include "Command.h"

#include <fstream>
#include <sstream>

namespace dwb::cli {

std::vector<OptionSpec> trainingOptionSpecs()
{
    return {
        {"preset", "NAME",
         "start from a preset: default, paper (the paper's settings) or magnetic-tile (the "
         "paper's settings for Magnetic Tile)"},
        {"config", "FILE",
         "start from a configuration file (as a job folder's training.conf, key = value "
         "lines); the options given override it"},
        {"minutes", "M", "time budget: train for M minutes, schedules following the time used"},
        {"epochs", "N", "epochs (default 30; with --minutes an upper bound, default none)"},
        {"batch", "N", "batch size (default 8)"},
        {"lr", "X", "peak Adam learning rate (default 2e-3; paper 5e-4)"},
        {"betas", "B1,B2", "Adam betas (default 0.9,0.999; paper 0.99,0.99)"},
        {"lr-schedule", "NAME", "constant (paper), cosine (default) or one-cycle"},
        {"warmup", "F", "share of the run warming the rate up (default 0.05)"},
        {"lr-final", "F", "final rate as a share of the peak (cosine, one-cycle; default 0.01)"},
        {"patch", "N", "train on NxN crops (0 = whole images; default: from the data)"},
        {"patch-defect-share", "F", "share of crops centred on a defect (default 0.5)"},
        {"clean-share", "F",
         "share of defect-free images in an epoch (0 = all of them; default 0.5)"},
        {"norm-images", "N",
         "measure batch-norm statistics on N whole training images before each validation "
         "(default 0: running averages)"},
        {"patience", "N", "stop after N epochs without a better validation score (0 = never)"},
        {"last-epoch", "", "keep the last epoch's model instead of the best one"},
        {"no-calibrate", "", "one threshold for everything instead of per-class calibrated ones"},
        {"size", "HxW", "network input size (default: the most common image size)"},
        {"pool", "P", "average-pooling kernel (default: 2 up to ~400 px, else 3)"},
        {"channels", "1|3", "grey or colour input (default 1)"},
        {"pos-weight-cls", "W,...", "classification positive weight per class"},
        {"pos-weight-seg", "W,...", "segmentation positive weight per class"},
        {"dice", "W", "weight of a soft Dice term in the segmentation loss (0 = BCE alone)"},
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
        {"augment-sets", "N", "with --minutes: synthetic sets over the budget (default 7)"},
        {"augment-shift", "MODE",
         "scroll of synthetic images: none (default), wrap (paper) or mirror"},
    };
}

Result<std::pair<int, int>> parseSize(const std::string& option, const std::string& text)
{
    const auto x = text.find('x');
    if (x == std::string::npos)
        return fail(ErrorCode::InvalidArgument, "--" + option + " expects HxW, got '" + text + "'");
    auto height = parseInteger(option, text.substr(0, x));
    auto width = parseInteger(option, text.substr(x + 1));
    if (!height || !width || *height < 8 || *width < 8 || *height > kMaxSide || *width > kMaxSide)
        return fail(ErrorCode::InvalidArgument,
                    "--" + option + " expects HxW from 8x8 to " + std::to_string(kMaxSide) + "x" +
                        std::to_string(kMaxSide) + ", got '" + text + "'");
    return std::pair{static_cast<int>(*height), static_cast<int>(*width)};
}

namespace {

Result<TrainingConfig> presetFromArgs(const ParsedArgs& args)
{
    if (const auto file = args.value("config")) {
        if (args.value("preset"))
            return fail(ErrorCode::InvalidArgument, "--config and --preset: give one of them");
        std::ifstream in(*file);
        if (!in)
            return fail(ErrorCode::InvalidArgument, "cannot read the configuration " + *file);
        std::ostringstream text;
        text << in.rdbuf();
        return withContext(trainingConfigFromText(text.str()), *file);
    }
    const auto preset = args.value("preset");
    if (!preset || *preset == "default")
        return TrainingConfig{};
    if (*preset == "magnetic-tile")
        return magneticTileConfig();
    if (*preset == "paper")
        return paperConfig();
    return fail(ErrorCode::InvalidArgument, "unknown preset '" + *preset + "'");
}

// The whole-number and number knobs.
Status readNumbers(const ParsedArgs& args, TrainingConfig& config)
{
    // Each knob's stated range (docs/cli.md): beyond it a run would not start, would not end or
    // would exhaust the machine.
    struct Knob {
        const char* option;
        int* field;
        long long min;
        long long max;
    };
    const Knob knobs[] = {
        {"epochs", &config.epochs, 1, 1'000'000},
        {"batch", &config.batchSize, 1, 4096},
        {"pool", &config.pool, 0, 8},
        {"channels", &config.inputChannels, 1, 3},
        {"threads", &config.threads, 0, 1024},
        {"checkpoint-every", &config.checkpointEvery, 0, 1'000'000},
        {"augment-every", &config.augmentEvery, 1, 1'000'000},
        {"augment-count", &config.augmentCount, 0, 100'000},
        {"augment-sets", &config.augmentSets, 1, 1000},
        {"patch", &config.patchSize, 0, 8192},
        {"patience", &config.patience, 0, 1'000'000},
        {"norm-images", &config.normImages, 0, 100'000},
    };
    for (const Knob& knob : knobs)
        if (auto ok =
                readInteger(args, knob.option, *knob.field, {.min = knob.min, .max = knob.max});
            !ok)
            return ok;
    if (auto ok = readInteger(args, "seed", config.seed); !ok)
        return ok;
    for (const auto& [option, field] : {std::pair{"lr", &config.learningRate},
                                        {"threshold", &config.threshold},
                                        {"augment-temperature", &config.augmentTemperature},
                                        {"augment-floor", &config.augmentFloor},
                                        {"minutes", &config.minutes},
                                        {"warmup", &config.warmup},
                                        {"lr-final", &config.lrFinal},
                                        {"patch-defect-share", &config.patchDefectShare},
                                        {"clean-share", &config.cleanShare},
                                        {"dice", &config.diceWeight}})
        if (auto ok = readNumber(args, option, *field); !ok)
            return ok;
    return {};
}

// --betas, --lambda (two numbers each) and the per-class --pos-weight-cls and --pos-weight-seg.
Status readLists(const ParsedArgs& args, TrainingConfig& config)
{
    for (const auto& [option, pair] :
         {std::pair{"betas", std::pair{&config.beta1, &config.beta2}},
          {"lambda", std::pair{&config.lambdaStart, &config.lambdaEnd}}}) {
        const auto text = args.value(option);
        if (!text)
            continue;
        auto values = parseNumberList(option, *text);
        if (!values)
            return std::unexpected(values.error());
        if (values->size() != 2)
            return fail(ErrorCode::InvalidArgument,
                        "--" + std::string(option) + " expects two numbers");
        *pair.first = (*values)[0];
        *pair.second = (*values)[1];
    }
    for (const auto& [option, list] : {std::pair{"pos-weight-cls", &config.posWeightCls},
                                       {"pos-weight-seg", &config.posWeightSeg}})
        if (auto text = args.value(option)) {
            auto values = parseNumberList(option, *text);
            if (!values)
                return std::unexpected(values.error());
            *list = *values;
        }
    return {};
}

// --size, --schedule, --augment-shift and --lr-schedule, whose values are names or shapes.
Status readNamed(const ParsedArgs& args, TrainingConfig& config)
{
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
    if (auto shift = args.value("augment-shift")) {
        auto parsed = trainingConfigFromText("augment_shift = " + *shift);
        if (!parsed)
            return fail(ErrorCode::InvalidArgument,
                        "unknown --augment-shift '" + *shift + "' (none, wrap or mirror)");
        config.augmentShift = parsed->augmentShift;
    }
    if (auto schedule = args.value("lr-schedule")) {
        auto parsed = trainingConfigFromText("lr_schedule = " + *schedule);
        if (!parsed)
            return fail(ErrorCode::InvalidArgument, "unknown --lr-schedule '" + *schedule + "'");
        config.lrSchedule = parsed->lrSchedule;
    }
    return {};
}

void readFlags(const ParsedArgs& args, TrainingConfig& config)
{
    // A budget ends the run; the epochs bound it only when asked for.
    if (config.minutes > 0 && !args.value("epochs"))
        config.epochs = kUnboundedEpochs;
    if (args.flag("last-epoch"))
        config.selectBest = false;
    if (args.flag("no-calibrate"))
        config.calibrate = false;
    if (auto device = args.value("device"))
        config.device = *device;
    // Flags only turn things on or off: what a --config file or a preset says stays otherwise.
    config.mixedPrecision = config.mixedPrecision || args.flag("mixed-precision");
    config.flips = config.flips && !args.flag("no-flips");
    // Any of the augmentation settings turns it on.
    config.augment = config.augment || args.flag("augment") || args.value("augment-every") ||
                     args.value("augment-count") || args.value("augment-temperature") ||
                     args.value("augment-floor") || args.value("augment-sets");
}

} // namespace

Result<TrainingConfig> trainingConfigFromArgs(const ParsedArgs& args)
{
    auto config = presetFromArgs(args);
    if (!config)
        return config;
    for (const auto read : {readNumbers, readLists, readNamed})
        if (auto ok = read(args, *config); !ok)
            return std::unexpected(ok.error());
    readFlags(args, *config);
    // Checked against the project's classes when training starts.
    return config;
}

} // namespace dwb::cli
