// size: modelMetaFromText parses the header, one key per branch.

#include "dwb/model/ModelMeta.h"

#include <charconv>
#include <sstream>

namespace dwb {
namespace {

// Version 2 models standardise each image inside the network; they are written as such so that
// a build that knows only version 1 refuses them rather than feed them unstandardised images.
constexpr const char* kFormat = "dwb-model/1";
constexpr const char* kStandardizingFormat = "dwb-model/2";

template <typename T>
bool parse(const std::string& text, T& out)
{
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end;
}

void writeList(std::ostream& out, const char* key, const std::vector<double>& values)
{
    if (values.empty())
        return;
    out << key << " =";
    for (const double v : values)
        out << ' ' << v;
    out << '\n';
}

bool readList(const std::string& text, std::vector<double>& values)
{
    values.clear();
    std::istringstream in(text);
    for (std::string word; in >> word;) {
        double v = 0;
        if (!parse(word, v) || !(v >= 0 && v <= 1))
            return false;
        values.push_back(v);
    }
    return !values.empty();
}

double pick(const std::vector<double>& values, int classIndex, double fallback)
{
    return classIndex >= 0 && static_cast<std::size_t>(classIndex) < values.size()
               ? values[static_cast<std::size_t>(classIndex)]
               : fallback;
}

} // namespace

double ModelMeta::imageThreshold(int classIndex) const
{
    return pick(imageThresholds, classIndex, threshold);
}

double ModelMeta::pixelThreshold(int classIndex) const
{
    return pick(pixelThresholds, classIndex, threshold);
}

void ModelMeta::setThreshold(double value)
{
    threshold = value;
    imageThresholds.clear();
    pixelThresholds.clear();
}

std::string toText(const ModelMeta& meta)
{
    std::ostringstream out;
    out.precision(17);
    out << "format = " << (meta.options.standardize ? kStandardizingFormat : kFormat) << '\n'
        << "input_channels = " << meta.options.inputChannels << '\n'
        << "width = " << meta.options.width << '\n'
        << "pool = " << meta.options.pool << '\n'
        << "leak = " << meta.options.leak << '\n'
        << "standardize = " << (meta.options.standardize ? "true" : "false") << '\n'
        << "dilations =";
    for (const int d : meta.options.dilations)
        out << ' ' << d;
    out << "\ninput_height = " << meta.inputHeight << '\n'
        << "input_width = " << meta.inputWidth << '\n'
        << "threshold = " << meta.threshold << '\n'
        << "epoch = " << meta.epoch << '\n';
    writeList(out, "image_thresholds", meta.imageThresholds);
    writeList(out, "pixel_thresholds", meta.pixelThresholds);
    for (std::size_t c = 0; c < meta.classNames.size(); ++c)
        out << "class = " << (c < meta.classColors.size() ? meta.classColors[c] : "#ffffff") << ' '
            << meta.classNames[c] << '\n';
    return out.str();
}

Result<ModelMeta> modelMetaFromText(const std::string& text)
{
    ModelMeta meta;
    meta.options.dilations.clear();
    std::istringstream in(text);
    bool formatSeen = false;
    for (std::string line; std::getline(in, line);) {
        const auto eq = line.find(" =");
        if (eq == std::string::npos)
            continue;
        const std::string key = line.substr(0, eq);
        const std::string value = eq + 3 <= line.size() ? line.substr(eq + 3) : std::string();
        bool ok = true;
        if (key == "format") {
            formatSeen = value == kFormat || value == kStandardizingFormat;
            ok = formatSeen;
        } else if (key == "input_channels") {
            ok = parse(value, meta.options.inputChannels);
        } else if (key == "width") {
            ok = parse(value, meta.options.width);
        } else if (key == "pool") {
            ok = parse(value, meta.options.pool);
        } else if (key == "leak") {
            ok = parse(value, meta.options.leak);
        } else if (key == "standardize") {
            ok = value == "true" || value == "false";
            meta.options.standardize = value == "true";
        } else if (key == "dilations") {
            std::istringstream values(value);
            for (int d = 0; values >> d;)
                meta.options.dilations.push_back(d);
        } else if (key == "input_height") {
            ok = parse(value, meta.inputHeight);
        } else if (key == "input_width") {
            ok = parse(value, meta.inputWidth);
        } else if (key == "threshold") {
            ok = parse(value, meta.threshold);
        } else if (key == "epoch") {
            ok = parse(value, meta.epoch);
        } else if (key == "image_thresholds") {
            ok = readList(value, meta.imageThresholds);
        } else if (key == "pixel_thresholds") {
            ok = readList(value, meta.pixelThresholds);
        } else if (key == "class") {
            const auto space = value.find(' ');
            ok = space != std::string::npos;
            if (ok) {
                meta.classColors.push_back(value.substr(0, space));
                meta.classNames.push_back(value.substr(space + 1));
            }
        }
        if (!ok)
            return fail(ErrorCode::Corrupt, "model description: bad line '" + line + "'");
    }
    if (!formatSeen)
        return fail(ErrorCode::Corrupt,
                    "not a Defect Workbench model (no " + std::string(kFormat) + " description)");
    meta.options.classes = static_cast<int>(meta.classNames.size());
    for (const auto* list : {&meta.imageThresholds, &meta.pixelThresholds})
        if (!list->empty() && static_cast<int>(list->size()) != meta.options.classes)
            return fail(ErrorCode::Corrupt, "model description: thresholds for " +
                                                std::to_string(list->size()) + " of " +
                                                std::to_string(meta.options.classes) + " classes");
    if (meta.options.classes < 1 || meta.options.dilations.empty() || meta.inputHeight < 1 ||
        meta.inputWidth < 1)
        return fail(ErrorCode::Corrupt, "model description is incomplete");
    return meta;
}

} // namespace dwb
