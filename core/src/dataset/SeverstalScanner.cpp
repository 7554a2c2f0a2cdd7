#include "dwb/dataset/Importers.h"
#include "dwb/dataset/Rle.h"
#include "dwb/imaging/ClassMask.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>

namespace dwb {
namespace {

constexpr std::string_view kCsvName = "train.csv";
constexpr std::string_view kImagesName = "train_images";

// Kaggle published the labels twice: first one row per image and class (with empty
// EncodedPixels for absent classes), later only the defective rows with a separate ClassId.
enum class CsvForm {
    ImageIdClassId,  // ImageId_ClassId,EncodedPixels
    SeparateClassId, // ImageId,ClassId,EncodedPixels
};

// One defect row of an image, checked at scan time and painted once the image size is known.
struct DefectRow {
    int row = 0;
    int classIndex = 0;
    std::vector<RleRun> runs;
};

// What train.csv says about one image.
struct ImageLabels {
    std::vector<DefectRow> defects;
    int firstRow = 0;
    bool malformed = false;
};

std::string rowPrefix(int row)
{
    return std::string(kCsvName) + " row " + std::to_string(row) + ": ";
}

std::string_view trim(std::string_view text)
{
    const auto isBlank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && isBlank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isBlank(text.back()))
        text.remove_suffix(1);
    return text;
}

// RFC 4180 fields: a field in double quotes may hold commas, and its quotes are dropped (the
// fields here, ids and runs, never hold a quote themselves).
std::string_view unquoted(std::string_view field)
{
    field = trim(field);
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"')
        return trim(field.substr(1, field.size() - 2));
    return field;
}

std::vector<std::string_view> splitFields(std::string_view line)
{
    std::vector<std::string_view> fields;
    std::size_t begin = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '"')
            quoted = !quoted;
        else if (line[i] == ',' && !quoted) {
            fields.push_back(unquoted(line.substr(begin, i - begin)));
            begin = i + 1;
        }
    }
    fields.push_back(unquoted(line.substr(begin)));
    return fields;
}

std::string lowered(std::string_view text)
{
    std::string out(text);
    std::ranges::transform(out, out.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

Result<std::string> readWholeFile(const std::filesystem::path& path)
{
    auto bytes = readRegularFile(path);
    if (!bytes)
        return std::unexpected(bytes.error());
    return std::string(bytes->begin(), bytes->end());
}

// At most 80 characters of `text`, anything outside printable ASCII as '?': a binary file's
// first line must not reach the terminal raw.
std::string printable(std::string_view text)
{
    std::string out;
    for (const char c : text.substr(0, 80))
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    if (text.size() > 80)
        out += "...";
    return out;
}

Result<CsvForm> detectForm(std::string_view header, const std::filesystem::path& csv)
{
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (header.starts_with(kBom))
        header.remove_prefix(kBom.size());
    const auto fields = splitFields(header);
    std::vector<std::string> names;
    for (const auto field : fields)
        names.push_back(lowered(field));
    if (names == std::vector<std::string>{"imageid", "classid", "encodedpixels"})
        return CsvForm::SeparateClassId;
    if (names == std::vector<std::string>{"imageid_classid", "encodedpixels"})
        return CsvForm::ImageIdClassId;
    return fail(ErrorCode::Corrupt,
                csv.string() + ": unrecognised header '" + printable(trim(header)) +
                    "'; expected ImageId,ClassId,EncodedPixels or ImageId_ClassId,EncodedPixels");
}

// A ClassId as the 0-based bit it maps to, or why it cannot be one.
Result<int> parseClassId(std::string_view text)
{
    if (text.empty())
        return fail(ErrorCode::BadRle, "no ClassId");
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value <= 0)
        return fail(ErrorCode::BadRle,
                    "ClassId '" + std::string(text) + "' is not a positive integer");
    if (value > kMaxClasses)
        return fail(ErrorCode::BadRle, "ClassId " + std::to_string(value) + " is more than the " +
                                           std::to_string(kMaxClasses) +
                                           " classes a project can hold");
    return value - 1;
}

// Splits one data row into image, class and run text, in either form.
struct CsvRow {
    std::string imageId;
    std::string_view classText;
    std::string_view encoded;
    std::size_t fieldCount = 0;
};

CsvRow splitRow(std::string_view line, CsvForm form)
{
    const auto fields = splitFields(line);
    CsvRow row;
    row.fieldCount = fields.size();
    std::size_t encodedField = 1;
    if (form == CsvForm::SeparateClassId) {
        row.imageId = std::string(fields[0]);
        row.classText = fields.size() > 1 ? fields[1] : std::string_view();
        encodedField = 2;
    } else {
        const std::size_t underscore = fields[0].rfind('_');
        row.imageId = std::string(fields[0].substr(0, underscore));
        if (underscore != std::string_view::npos)
            row.classText = fields[0].substr(underscore + 1);
    }
    if (fields.size() > encodedField)
        row.encoded = fields[encodedField];
    return row;
}

// Everything train.csv says, per image id, plus the warnings and the largest ClassId seen.
struct CsvContents {
    std::map<std::string, ImageLabels> images;
    std::vector<ImportWarning> warnings;
    int classCount = 0;
};

// Checks one row and files it under its image. Rows of images that are not on disk are only
// counted, since nothing will be imported for them.
void addRow(CsvContents& contents, const CsvRow& row, int number, CsvForm form,
            const std::map<std::string, std::filesystem::path>& onDisk)
{
    if (row.imageId.empty()) {
        contents.warnings.push_back({std::string(kCsvName), rowPrefix(number) + "no ImageId"});
        return;
    }
    ImageLabels& labels = contents.images[row.imageId];
    const bool firstMention = labels.firstRow == 0;
    if (firstMention)
        labels.firstRow = number;
    const auto classIndex = parseClassId(row.classText);
    if (classIndex)
        contents.classCount = std::max(contents.classCount, *classIndex + 1);
    if (!onDisk.contains(row.imageId)) {
        if (firstMention)
            contents.warnings.push_back(
                {row.imageId, rowPrefix(number) + "no such image in " + std::string(kImagesName)});
        return;
    }

    // A row that cannot be read leaves the image's mask incomplete: the image is skipped
    // rather than imported with defects marked as background.
    const auto reject = [&](const std::string& reason) {
        labels.malformed = true;
        contents.warnings.push_back({row.imageId, rowPrefix(number) + reason});
    };
    const std::size_t expected = form == CsvForm::SeparateClassId ? 3 : 2;
    // A missing trailing EncodedPixels field reads as an empty one.
    if (row.fieldCount != expected && row.fieldCount != expected - 1)
        return reject("expected " + std::to_string(expected) + " fields, found " +
                      std::to_string(row.fieldCount));
    if (!classIndex)
        return reject(classIndex.error().message);
    auto runs = parseRle(row.encoded);
    if (!runs)
        return reject(runs.error().message);
    if (!runs->empty())
        labels.defects.push_back({number, *classIndex, std::move(*runs)});
}

CsvContents readRows(std::string_view text, CsvForm form,
                     const std::map<std::string, std::filesystem::path>& onDisk)
{
    CsvContents contents;
    int number = 1;
    std::size_t begin = text.find('\n');
    while (begin != std::string_view::npos) {
        ++begin;
        ++number;
        const std::size_t end = text.find('\n', begin);
        const std::string_view line = trim(text.substr(begin, end - begin));
        if (!line.empty())
            addRow(contents, splitRow(line, form), number, form, onDisk);
        begin = end;
    }
    return contents;
}

std::function<Result<cv::Mat>(cv::Size)> maskLoader(std::vector<DefectRow> defects)
{
    return [defects = std::move(defects)](cv::Size size) -> Result<cv::Mat> {
        cv::Mat mask = emptyClassMask(size);
        for (const auto& defect : defects) {
            // Runs past the last pixel only show once the image size is known.
            auto binary = withContext(decodeRle(defect.runs, size),
                                      std::string(kCsvName) + " row " + std::to_string(defect.row));
            if (!binary)
                return std::unexpected(binary.error());
            addClassPixels(mask, *binary, defect.classIndex);
        }
        return mask;
    };
}

} // namespace

Result<ImportPlan> scanSeverstal(const std::filesystem::path& root)
{
    const auto csvPath = root / kCsvName;
    const auto imagesPath = root / kImagesName;
    if (!std::filesystem::is_regular_file(csvPath))
        return fail(ErrorCode::NotFound, "no " + std::string(kCsvName) + ": " + csvPath.string());
    if (!std::filesystem::is_directory(imagesPath))
        return fail(ErrorCode::NotFound,
                    "no " + std::string(kImagesName) + " folder: " + imagesPath.string());

    auto text = readWholeFile(csvPath);
    if (!text)
        return std::unexpected(text.error());
    const std::string_view all = *text;
    const auto form = detectForm(all.substr(0, all.find('\n')), csvPath);
    if (!form)
        return std::unexpected(form.error());

    std::vector<ImportWarning> unreadable;
    std::map<std::string, std::filesystem::path> onDisk;
    for (const auto& file : listFiles(imagesPath, imageExtensions(), &unreadable))
        onDisk.emplace(file.filename().string(), std::filesystem::absolute(file));
    CsvContents contents = readRows(all, *form, onDisk);

    ImportPlan plan;

    plan.kind = "severstal";
    plan.source = std::filesystem::absolute(root);
    for (int id = 1; id <= std::max(contents.classCount, 1); ++id)
        plan.classNames.push_back("Class " + std::to_string(id));
    plan.warnings = std::move(unreadable);
    plan.warnings.insert(plan.warnings.end(), contents.warnings.begin(), contents.warnings.end());
    for (const auto& [fileName, path] : onDisk) {
        std::vector<DefectRow> defects;
        if (const auto found = contents.images.find(fileName); found != contents.images.end()) {
            if (found->second.malformed)
                continue;
            defects = std::move(found->second.defects);
        }
        plan.samples.push_back({path, path.stem().string(), maskLoader(std::move(defects))});
    }
    return plan;
}

} // namespace dwb
