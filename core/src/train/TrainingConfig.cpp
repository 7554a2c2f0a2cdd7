// size: fields() is one table of every setting; a table reads best whole.

#include "dwb/train/TrainingConfig.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <sstream>

namespace dwb {
namespace {

// Shortest text that reads back to the same double, whatever the C locale says.
std::string formatDouble(double value)
{
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;
    return std::string(text, end);
}

std::string joinDoubles(const std::vector<double>& values)
{
    std::string text;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0)
            text += ',';
        text += formatDouble(values[i]);
    }
    return text;
}

template <typename T>
Status parseNumber(const std::string& text, T& out)
{
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, out);
    if (ec != std::errc() || ptr != end)
        return fail(ErrorCode::InvalidArgument, "'" + text + "' is not a number");
    return {};
}

Status parseDoubles(const std::string& text, std::vector<double>& out)
{
    out.clear();
    std::istringstream in(text);
    for (std::string part; std::getline(in, part, ',');) {
        double value = 0;
        if (auto ok = parseNumber(part, value); !ok)
            return ok;
        out.push_back(value);
    }
    return {};
}

Status parseBool(const std::string& text, bool& out)
{
    if (text != "true" && text != "false")
        return fail(ErrorCode::InvalidArgument, "'" + text + "' is not true or false");
    out = text == "true";
    return {};
}

using Field = std::function<Status(TrainingConfig&, const std::string&)>;

const std::map<std::string, Field>& fields()
{
    static const std::map<std::string, Field> table = {
        {"epochs",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.epochs); }},
        {"batch_size",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.batchSize); }},
        {"learning_rate",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.learningRate); }},
        {"beta1", [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.beta1); }},
        {"beta2", [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.beta2); }},
        {"input_height",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.inputHeight); }},
        {"input_width",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.inputWidth); }},
        {"pool", [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.pool); }},
        {"input_channels",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.inputChannels); }},
        {"standardize_input",
         [](TrainingConfig& c, const std::string& v) { return parseBool(v, c.standardizeInput); }},
        {"pos_weight_cls",
         [](TrainingConfig& c, const std::string& v) { return parseDoubles(v, c.posWeightCls); }},
        {"pos_weight_seg",
         [](TrainingConfig& c, const std::string& v) { return parseDoubles(v, c.posWeightSeg); }},
        {"schedule",
         [](TrainingConfig& c, const std::string& v) -> Status {
             for (const auto s : {LambdaSchedule::ClassificationFirst, LambdaSchedule::Constant,
                                  LambdaSchedule::SegmentationFirst})
                 if (v == lambdaScheduleName(s)) {
                     c.schedule = s;
                     return {};
                 }
             return fail(ErrorCode::InvalidArgument, "unknown schedule '" + v + "'");
         }},
        {"lambda_start",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.lambdaStart); }},
        {"lambda_end",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.lambdaEnd); }},
        {"threshold",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.threshold); }},
        {"seed", [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.seed); }},
        {"device",
         [](TrainingConfig& c, const std::string& v) -> Status {
             c.device = v;
             return {};
         }},
        {"threads",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.threads); }},
        {"mixed_precision",
         [](TrainingConfig& c, const std::string& v) { return parseBool(v, c.mixedPrecision); }},
        {"flips", [](TrainingConfig& c, const std::string& v) { return parseBool(v, c.flips); }},
        {"checkpoint_every",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.checkpointEvery); }},
        {"augment",
         [](TrainingConfig& c, const std::string& v) { return parseBool(v, c.augment); }},
        {"augment_every",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.augmentEvery); }},
        {"augment_count",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.augmentCount); }},
        {"augment_temperature",
         [](TrainingConfig& c, const std::string& v) {
             return parseNumber(v, c.augmentTemperature);
         }},
        {"augment_floor",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.augmentFloor); }},
        {"augment_shift",
         [](TrainingConfig& c, const std::string& v) -> Status {
             if (const auto mode = shiftModeFromName(v)) {
                 c.augmentShift = *mode;
                 return {};
             }
             return fail(ErrorCode::InvalidArgument,
                         "unknown shift mode '" + v + "' (none, wrap or mirror)");
         }},
        {"minutes",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.minutes); }},
        {"augment_sets",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.augmentSets); }},
        {"lr_schedule",
         [](TrainingConfig& c, const std::string& v) -> Status {
             for (const auto s : {LearningRateSchedule::Constant, LearningRateSchedule::Cosine,
                                  LearningRateSchedule::OneCycle})
                 if (v == learningRateScheduleName(s)) {
                     c.lrSchedule = s;
                     return {};
                 }
             return fail(ErrorCode::InvalidArgument, "unknown learning-rate schedule '" + v + "'");
         }},
        {"warmup", [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.warmup); }},
        {"lr_final",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.lrFinal); }},
        {"patch_size",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.patchSize); }},
        {"patch_defect_share",
         [](TrainingConfig& c, const std::string& v) {
             return parseNumber(v, c.patchDefectShare);
         }},
        {"norm_images",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.normImages); }},
        {"dice_weight",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.diceWeight); }},
        {"clean_share",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.cleanShare); }},
        {"select_best",
         [](TrainingConfig& c, const std::string& v) { return parseBool(v, c.selectBest); }},
        {"patience",
         [](TrainingConfig& c, const std::string& v) { return parseNumber(v, c.patience); }},
        {"calibrate",
         [](TrainingConfig& c, const std::string& v) { return parseBool(v, c.calibrate); }},
        {"prior_bias",
         [](TrainingConfig& c, const std::string& v) { return parseBool(v, c.priorBias); }},
    };
    return table;
}

} // namespace

const char* lambdaScheduleName(LambdaSchedule schedule)
{
    switch (schedule) {
    case LambdaSchedule::ClassificationFirst:
        return "classification-first";
    case LambdaSchedule::Constant:
        return "constant";
    case LambdaSchedule::SegmentationFirst:
        return "segmentation-first";
    }
    return "classification-first";
}

const char* learningRateScheduleName(LearningRateSchedule schedule)
{
    switch (schedule) {
    case LearningRateSchedule::Constant:
        return "constant";
    case LearningRateSchedule::Cosine:
        return "cosine";
    case LearningRateSchedule::OneCycle:
        return "one-cycle";
    }
    return "constant";
}

TrainingConfig paperConfig()
{
    TrainingConfig config;
    config.learningRate = 5e-4;
    config.beta1 = 0.99;
    config.beta2 = 0.99;
    config.lrSchedule = LearningRateSchedule::Constant;
    config.warmup = 0;
    config.schedule = LambdaSchedule::ClassificationFirst;
    config.lambdaStart = 1.0;
    config.lambdaEnd = 0.0;
    config.threshold = 0.5;
    config.patchSize = 0;
    config.cleanShare = 0;
    config.normImages = 0;
    config.diceWeight = 0;
    config.selectBest = false;
    config.patience = 0;
    config.calibrate = false;
    config.priorBias = false;
    return config;
}

TrainingConfig magneticTileConfig()
{
    TrainingConfig config = paperConfig();
    config.inputHeight = 300;
    config.inputWidth = 400;
    config.pool = 2;
    config.posWeightCls = {3, 3, 7, 8, 4};
    config.posWeightSeg = {18, 13, 18, 13, 7};
    return config;
}

double lambdaAt(const TrainingConfig& config, int epoch)
{
    if (config.schedule == LambdaSchedule::Constant || config.epochs <= 1)
        return config.schedule == LambdaSchedule::SegmentationFirst ? config.lambdaEnd
                                                                    : config.lambdaStart;
    const double t = static_cast<double>(epoch) / (config.epochs - 1);
    const double falling = config.lambdaStart + (config.lambdaEnd - config.lambdaStart) * t;
    return config.schedule == LambdaSchedule::ClassificationFirst
               ? falling
               : config.lambdaEnd + (config.lambdaStart - config.lambdaEnd) * t;
}

double lambdaAtProgress(const TrainingConfig& config, double progress)
{
    const double t = std::clamp(progress, 0.0, 1.0);
    switch (config.schedule) {
    case LambdaSchedule::Constant:
        return config.lambdaStart;
    case LambdaSchedule::SegmentationFirst:
        return config.lambdaEnd + (config.lambdaStart - config.lambdaEnd) * t;
    case LambdaSchedule::ClassificationFirst:
        break;
    }
    return config.lambdaStart + (config.lambdaEnd - config.lambdaStart) * t;
}

Status validateTrainingConfig(const TrainingConfig& c, int classCount)
{
    auto bad = [](const std::string& what) { return fail(ErrorCode::InvalidArgument, what); };
    if (c.epochs < 1)
        return bad("epochs must be at least 1");
    if (c.batchSize < 1)
        return bad("batch size must be at least 1");
    if (!(c.learningRate > 0))
        return bad("learning rate must be positive");
    if (c.beta1 < 0 || c.beta1 >= 1 || c.beta2 < 0 || c.beta2 >= 1)
        return bad("Adam betas must be in [0, 1)");
    if (c.inputHeight < 0 || c.inputWidth < 0 || (c.inputHeight == 0) != (c.inputWidth == 0))
        return bad("input size must give both height and width, or neither");
    if (c.pool < 0 || c.pool > 8)
        return bad("pool must be between 1 and 8 (0 = automatic)");
    if (c.inputChannels != 1 && c.inputChannels != 3)
        return bad("input channels must be 1 or 3");
    for (const auto* weights : {&c.posWeightCls, &c.posWeightSeg}) {
        if (!weights->empty() && static_cast<int>(weights->size()) != classCount)
            return bad("positive weights give " + std::to_string(weights->size()) + " values for " +
                       std::to_string(classCount) + " classes");
        for (const double w : *weights)
            if (!(w > 0))
                return bad("positive weights must be positive");
    }
    if (c.lambdaStart < 0 || c.lambdaStart > 1 || c.lambdaEnd < 0 || c.lambdaEnd > 1)
        return bad("lambda must stay in [0, 1]");
    if (!(c.threshold > 0 && c.threshold < 1))
        return bad("threshold must be between 0 and 1");
    if (c.threads < 0 || c.checkpointEvery < 0 || c.augmentEvery < 1 || c.augmentCount < 0)
        return bad("threads, checkpoint interval and augmentation counts must not be negative");
    if (!(c.augmentTemperature > 0) || !(c.augmentFloor >= 0 && c.augmentFloor <= 1))
        return bad("augmentation temperature must be positive and its floor in [0, 1]");
    if (!(c.minutes >= 0) || c.minutes > 60.0 * 24 * 365)
        return bad("the time budget must be between 0 and a year of minutes");
    if (c.augmentSets < 1)
        return bad("augment_sets (the guided-crop sets of a budgeted run) must be at least 1");
    if (!(c.warmup >= 0 && c.warmup <= 0.5))
        return bad("the warm-up share must be in [0, 0.5]");
    if (!(c.lrFinal >= 0 && c.lrFinal <= 1))
        return bad("the final learning-rate share must be in [0, 1]");
    if (c.patchSize != 0 && c.patchSize != -1 && c.patchSize < 16)
        return bad("patches must be at least 16 pixels a side (0 = whole images, -1 = from the "
                   "data)");
    if (!(c.patchDefectShare >= 0 && c.patchDefectShare <= 1))
        return bad("the share of patches centred on defects must be in [0, 1]");
    if (!(c.diceWeight >= 0 && c.diceWeight <= 100))
        return bad("the Dice weight must be in [0, 100]");
    if (!(c.cleanShare >= 0 && c.cleanShare < 1))
        return bad("the share of defect-free images must be in [0, 1)");
    if (c.normImages < 0)
        return bad("the images for batch-norm statistics must not be negative");
    if (c.patience < 0)
        return bad("patience must not be negative");
    if (c.device != "auto" && c.device != "cpu" && !c.device.starts_with("cuda"))
        return bad("device must be auto, cpu, cuda or cuda:N");
    return {};
}

std::string toText(const TrainingConfig& c)
{
    std::ostringstream out;
    out << "epochs = " << c.epochs << '\n'
        << "batch_size = " << c.batchSize << '\n'
        << "learning_rate = " << formatDouble(c.learningRate) << '\n'
        << "beta1 = " << formatDouble(c.beta1) << '\n'
        << "beta2 = " << formatDouble(c.beta2) << '\n'
        << "input_height = " << c.inputHeight << '\n'
        << "input_width = " << c.inputWidth << '\n'
        << "pool = " << c.pool << '\n'
        << "input_channels = " << c.inputChannels << '\n'
        << "standardize_input = " << (c.standardizeInput ? "true" : "false") << '\n'
        << "pos_weight_cls = " << joinDoubles(c.posWeightCls) << '\n'
        << "pos_weight_seg = " << joinDoubles(c.posWeightSeg) << '\n'
        << "schedule = " << lambdaScheduleName(c.schedule) << '\n'
        << "lambda_start = " << formatDouble(c.lambdaStart) << '\n'
        << "lambda_end = " << formatDouble(c.lambdaEnd) << '\n'
        << "threshold = " << formatDouble(c.threshold) << '\n'
        << "seed = " << c.seed << '\n'
        << "device = " << c.device << '\n'
        << "threads = " << c.threads << '\n'
        << "mixed_precision = " << (c.mixedPrecision ? "true" : "false") << '\n'
        << "flips = " << (c.flips ? "true" : "false") << '\n'
        << "checkpoint_every = " << c.checkpointEvery << '\n'
        << "augment = " << (c.augment ? "true" : "false") << '\n'
        << "augment_every = " << c.augmentEvery << '\n'
        << "augment_count = " << c.augmentCount << '\n'
        << "augment_temperature = " << formatDouble(c.augmentTemperature) << '\n'
        << "augment_floor = " << formatDouble(c.augmentFloor) << '\n'
        << "augment_shift = " << shiftModeName(c.augmentShift) << '\n'
        << "minutes = " << formatDouble(c.minutes) << '\n'
        << "augment_sets = " << c.augmentSets << '\n'
        << "lr_schedule = " << learningRateScheduleName(c.lrSchedule) << '\n'
        << "warmup = " << formatDouble(c.warmup) << '\n'
        << "lr_final = " << formatDouble(c.lrFinal) << '\n'
        << "patch_size = " << c.patchSize << '\n'
        << "patch_defect_share = " << formatDouble(c.patchDefectShare) << '\n'
        << "norm_images = " << c.normImages << '\n'
        << "dice_weight = " << formatDouble(c.diceWeight) << '\n'
        << "clean_share = " << formatDouble(c.cleanShare) << '\n'
        << "select_best = " << (c.selectBest ? "true" : "false") << '\n'
        << "patience = " << c.patience << '\n'
        << "calibrate = " << (c.calibrate ? "true" : "false") << '\n'
        << "prior_bias = " << (c.priorBias ? "true" : "false") << '\n';
    return out.str();
}

Result<TrainingConfig> trainingConfigFromText(const std::string& text)
{
    // A key the text lacks keeps the behaviour runs had before the key existed, so that an older
    // run resumes on its own curve.
    TrainingConfig config;
    config.lrSchedule = LearningRateSchedule::Constant;
    config.warmup = 0;
    config.patchSize = 0;
    config.cleanShare = 0;
    config.normImages = 0;
    config.diceWeight = 0;
    config.standardizeInput = false;
    config.selectBest = false;
    config.calibrate = false;
    config.priorBias = false;
    std::istringstream in(text);
    int lineNumber = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNumber;
        if (line.empty() || line.front() == '#')
            continue;
        const auto eq = line.find(" = ");
        const std::string key = eq == std::string::npos ? line : line.substr(0, eq);
        const auto field = fields().find(key);
        if (eq == std::string::npos || field == fields().end())
            return fail(ErrorCode::InvalidArgument, "config line " + std::to_string(lineNumber) +
                                                        ": unknown setting '" + key + "'");
        if (auto ok = field->second(config, line.substr(eq + 3)); !ok)
            return fail(ErrorCode::InvalidArgument, "config line " + std::to_string(lineNumber) +
                                                        " (" + key + "): " + ok.error().message);
    }
    return config;
}

} // namespace dwb
