#include "dwb/model/DeploymentMeta.h"

#include "../support/NlohmannJson.h"
#include "dwb/model/OnnxCan.h"

namespace dwb {

using nlohmann::json;

std::string deploymentJson(const ModelMeta& meta, const ModelSource& source, bool anySize)
{
    const CanOptions& o = meta.options;
    json classes = json::array();
    for (std::size_t c = 0; c < meta.classNames.size(); ++c) {
        const int index = static_cast<int>(c);
        classes.push_back({{"index", index},
                           {"name", meta.classNames[c]},
                           {"color", c < meta.classColors.size() ? meta.classColors[c] : "#ffffff"},
                           {"image_threshold", meta.imageThreshold(index)},
                           {"pixel_threshold", meta.pixelThreshold(index)}});
    }
    json document = {
        {"format", kDeploymentFormat},
        {"model", "model.onnx"},
        {"program", {{"name", "Defect Workbench"}, {"version", source.programVersion}}},
        {"source",
         {{"project", source.project.empty() ? json() : json(source.project)},
          {"run", source.run >= 0 ? json(source.run) : json()},
          {"epoch", meta.epoch >= 0 ? json(meta.epoch + 1) : json()}}},
        {"input",
         {{"name", kOnnxInput},
          {"layout", "NCHW"},
          {"type", "float32"},
          {"channels", o.inputChannels},
          {"color_order", o.inputChannels == 3 ? "BGR" : "grey"},
          {"height", meta.inputHeight},
          {"width", meta.inputWidth},
          {"any_size", anySize},
          {"size_multiple", anySize ? o.pool : 0},
          {"resize", "to height x width: pixel-area averaging (OpenCV INTER_AREA) when either side "
                     "shrinks, else bilinear"},
          {"scale", "pixel value / 255"},
          {"standardize", o.standardize
                              ? "per image, before the graph: (x - mean) / max(deviation, "
                                "0.02), mean and deviation over channels and pixels"
                              : "none"}}},
        {"outputs",
         {{"mask_logits", {{"name", kOnnxMaskLogits}, {"shape", "N x classes x height x width"}}},
          {"image_logits", {{"name", kOnnxImageLogits}, {"shape", "N x classes"}}},
          {"activation", "sigmoid"},
          {"decision",
           "class present in an image where sigmoid(image logit) > image_threshold; "
           "a pixel belongs to the class where sigmoid(mask logit) > pixel_threshold"}}},
        {"network",
         {{"architecture", "Context Aggregation Network"},
          {"pool", o.pool},
          {"width", o.width},
          {"leak", o.leak},
          {"dilations", o.dilations},
          {"batch_norm", "folded into the convolutions"}}},
        {"threshold", meta.threshold},
        {"calibrated", meta.calibrated()},
        {"classes", classes},
    };
    return document.dump(2) + "\n";
}

Result<ModelMeta> modelMetaFromDeploymentJson(const std::string& text)
{
    const auto bad = [](const std::string& what) {
        return fail(ErrorCode::Corrupt, "model.json: " + what);
    };
    try {
        const json document = json::parse(text);
        if (!document.is_object() || document.value("format", "") != kDeploymentFormat)
            return bad(std::string("not a ") + kDeploymentFormat + " document");
        const json& input = document.at("input");
        const json& network = document.at("network");
        ModelMeta meta;
        meta.options.inputChannels = input.at("channels").get<int>();
        meta.options.pool = network.at("pool").get<int>();
        meta.options.width = network.at("width").get<int>();
        meta.options.leak = network.at("leak").get<double>();
        meta.options.dilations = network.at("dilations").get<std::vector<int>>();
        meta.options.standardize = input.at("standardize").get<std::string>() != "none";
        meta.inputHeight = input.at("height").get<int>();
        meta.inputWidth = input.at("width").get<int>();
        meta.threshold = document.at("threshold").get<double>();
        const bool calibrated = document.value("calibrated", false);
        for (const json& c : document.at("classes")) {
            meta.classNames.push_back(c.at("name").get<std::string>());
            meta.classColors.push_back(c.value("color", "#ffffff"));
            if (calibrated) {
                meta.imageThresholds.push_back(c.at("image_threshold").get<double>());
                meta.pixelThresholds.push_back(c.at("pixel_threshold").get<double>());
            }
        }
        if (const json& epoch = document.at("source").at("epoch"); epoch.is_number_integer())
            meta.epoch = epoch.get<int>() - 1;
        meta.options.classes = static_cast<int>(meta.classNames.size());
        if (meta.options.classes < 1 || meta.inputHeight < 1 || meta.inputWidth < 1 ||
            (meta.options.inputChannels != 1 && meta.options.inputChannels != 3))
            return bad("incomplete description");
        const auto inRange = [](double t) { return t >= 0 && t <= 1; };
        if (!inRange(meta.threshold) || !std::ranges::all_of(meta.imageThresholds, inRange) ||
            !std::ranges::all_of(meta.pixelThresholds, inRange))
            return bad("thresholds must lie in [0, 1]");
        return meta;
    } catch (const json::exception& e) {
        return bad(e.what());
    }
}

} // namespace dwb
