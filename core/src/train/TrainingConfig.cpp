#include "dwb/train/TrainingConfig.h"

#include <charconv>
#include <cstdio>
#include <functional>
#include <map>
#include <sstream>

namespace dwb {
namespace {

std::string formatDouble(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
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

TrainingConfig magneticTileConfig()
{
    TrainingConfig config;
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
        << "augment_floor = " << formatDouble(c.augmentFloor) << '\n';
    return out.str();
}

Result<TrainingConfig> trainingConfigFromText(const std::string& text)
{
    TrainingConfig config;
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
