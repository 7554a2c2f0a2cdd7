#include "dwb/augment/Provenance.h"

#include "MiniJson.h"

#include <charconv>
#include <initializer_list>
#include <optional>

namespace dwb {
namespace {

// Builds one compact JSON object; every call after the first member adds a comma.
class ObjectWriter {
public:
    explicit ObjectWriter(std::string& out)
        : m_out(out)
    {
        m_out += '{';
    }
    ~ObjectWriter() { m_out += '}'; }
    ObjectWriter(const ObjectWriter&) = delete;
    ObjectWriter& operator=(const ObjectWriter&) = delete;

    std::string& key(std::string_view name)
    {
        if (m_members++)
            m_out += ',';
        json::appendString(m_out, name);
        m_out += ':';
        return m_out;
    }
    template <typename T>
    void number(std::string_view name, T value)
    {
        appendNumber(key(name), value);
    }
    void boolean(std::string_view name, bool value) { key(name) += value ? "true" : "false"; }
    void string(std::string_view name, std::string_view value)
    {
        json::appendString(key(name), value);
    }

    template <typename T>
    static void appendNumber(std::string& out, T value)
    {
        char buffer[32];
        // Shortest form that reads back to the same value, for doubles and integers alike.
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
        out.append(buffer, end);
    }

private:
    std::string& m_out;
    int m_members = 0;
};

template <typename T>
void appendArray(std::string& out, std::initializer_list<T> values)
{
    out += '[';
    bool first = true;
    for (const T value : values) {
        if (!first)
            out += ',';
        first = false;
        ObjectWriter::appendNumber(out, value);
    }
    out += ']';
}

void writePaste(std::string& out, const PasteRecord& paste)
{
    ObjectWriter object(out);
    object.number("source_sample", paste.sourceSampleId);
    object.number("class", paste.classIndex);
    object.number("blob", paste.blobId);
    appendArray(object.key("crop"),
                {paste.crop.x, paste.crop.y, paste.crop.width, paste.crop.height});
    appendArray(object.key("position"), {paste.position.x, paste.position.y});
    object.number("rotation", paste.rotation);
    object.number("brightness", paste.jitter.brightness);
    object.number("contrast", paste.jitter.contrast);
}

void writeBorders(std::string& out, const BorderSides& borders)
{
    ObjectWriter object(out);
    object.boolean("top", borders.top);
    object.boolean("bottom", borders.bottom);
    object.boolean("left", borders.left);
    object.boolean("right", borders.right);
}

} // namespace

const char* shiftModeName(ShiftMode mode)
{
    switch (mode) {
    case ShiftMode::Wrap:
        return "wrap";
    case ShiftMode::Mirror:
        return "mirror";
    case ShiftMode::None:
        break;
    }
    return "none";
}

std::optional<ShiftMode> shiftModeFromName(std::string_view name)
{
    for (const ShiftMode mode : {ShiftMode::Wrap, ShiftMode::Mirror, ShiftMode::None})
        if (name == shiftModeName(mode))
            return mode;
    return std::nullopt;
}

std::string provenanceToJson(const Provenance& p)
{
    std::string out;
    {
        ObjectWriter object(out);
        json::appendString(object.key("format"), Provenance::kFormat);
        object.number("seed", p.seed);
        object.number("width", p.width);
        object.number("height", p.height);
        object.number("base_sample", p.baseSampleId);
        object.boolean("base_defective", p.baseDefective);
        object.number("primary_class", p.primaryClass);
        std::string& probabilities = object.key("class_probabilities");
        probabilities += '[';
        for (std::size_t c = 0; c < p.classProbabilities.size(); ++c) {
            if (c)
                probabilities += ',';
            ObjectWriter::appendNumber(probabilities, p.classProbabilities[c]);
        }
        probabilities += ']';
        object.number("layout_bits", p.layoutBits);
        std::string& pastes = object.key("pastes");
        pastes += '[';
        for (std::size_t i = 0; i < p.pastes.size(); ++i) {
            if (i)
                pastes += ',';
            writePaste(pastes, p.pastes[i]);
        }
        pastes += ']';
        writeBorders(object.key("borders"), p.borders);
        object.boolean("flip_horizontal", p.flipHorizontal);
        object.boolean("flip_vertical", p.flipVertical);
        object.string("shift_mode", shiftModeName(p.shiftMode));
        object.number("shift_x", p.shiftX);
        object.number("shift_y", p.shiftY);
        object.number("final_brightness", p.finalJitter.brightness);
        object.number("final_contrast", p.finalJitter.contrast);
        object.number("class_bits", p.classBits);
    }
    return out;
}

namespace {

template <typename T>
bool convert(const std::string& text, T& value)
{
    const char* end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, value);
    return result.ec == std::errc() && result.ptr == end;
}

// Reads the members of one JSON object; the first problem is kept in `error`, naming the field,
// and later reads return defaults.
class FieldReader {
public:
    FieldReader(const json::Value& object, std::string path, std::optional<Error>& error)
        : m_object(object)
        , m_path(std::move(path))
        , m_error(error)
    {
        if (object.kind != json::Value::Kind::Object)
            setError("", "expected an object");
    }

    const json::Value* member(std::string_view key, json::Value::Kind kind)
    {
        if (m_error)
            return nullptr;
        const json::Value* value = m_object.find(key);
        if (!value)
            setError(key, "missing");
        else if (value->kind != kind)
            setError(key, "has the wrong type");
        else
            return value;
        return nullptr;
    }

    template <typename T>
    T number(std::string_view key)
    {
        T value{};
        const json::Value* field = member(key, json::Value::Kind::Number);
        if (field && !convert(field->text, value))
            setError(key, "is not a valid number of its type");
        return value;
    }

    // A member that may be absent (fields added after the format's first version).
    const json::Value* optional(std::string_view key, json::Value::Kind kind)
    {
        const json::Value* value = m_error ? nullptr : m_object.find(key);
        return value ? member(key, kind) : nullptr;
    }

    bool boolean(std::string_view key)
    {
        const json::Value* field = member(key, json::Value::Kind::Bool);
        return field && field->boolean;
    }

    std::vector<int> integers(std::string_view key, std::size_t count)
    {
        std::vector<int> values(count, 0);
        const json::Value* field = member(key, json::Value::Kind::Array);
        if (field && field->items.size() != count)
            setError(key, "must have " + std::to_string(count) + " items");
        for (std::size_t i = 0; field && !m_error && i < count; ++i)
            if (field->items[i].kind != json::Value::Kind::Number ||
                !convert(field->items[i].text, values[i]))
                setError(key, "must hold whole numbers");
        return values;
    }

    void setError(std::string_view key, const std::string& what)
    {
        if (!m_error)
            m_error = Error{ErrorCode::Corrupt, "provenance field '" + m_path +
                                                    (m_path.empty() || key.empty() ? "" : ".") +
                                                    std::string(key) + "' " + what};
    }

private:
    const json::Value& m_object;
    std::string m_path;
    std::optional<Error>& m_error;
};

PasteRecord readPaste(const json::Value& value, const std::string& path,
                      std::optional<Error>& error)
{
    FieldReader in(value, path, error);
    PasteRecord paste;
    paste.sourceSampleId = in.number<std::int64_t>("source_sample");
    paste.classIndex = in.number<int>("class");
    paste.blobId = in.number<int>("blob");
    const auto crop = in.integers("crop", 4);
    paste.crop = {crop[0], crop[1], crop[2], crop[3]};
    const auto position = in.integers("position", 2);
    paste.position = {position[0], position[1]};
    paste.rotation = in.number<int>("rotation");
    paste.jitter.brightness = in.number<double>("brightness");
    paste.jitter.contrast = in.number<double>("contrast");
    return paste;
}

void readLists(FieldReader& in, Provenance& p, std::optional<Error>& error)
{
    if (const auto* probabilities = in.member("class_probabilities", json::Value::Kind::Array))
        for (const json::Value& item : probabilities->items) {
            double value = 0;
            if (item.kind != json::Value::Kind::Number || !convert(item.text, value))
                in.setError("class_probabilities", "must hold numbers");
            p.classProbabilities.push_back(value);
        }
    if (const auto* pastes = in.member("pastes", json::Value::Kind::Array))
        for (std::size_t i = 0; i < pastes->items.size() && !error; ++i)
            p.pastes.push_back(
                readPaste(pastes->items[i], "pastes[" + std::to_string(i) + "]", error));
    if (const auto* borders = in.member("borders", json::Value::Kind::Object)) {
        FieldReader sides(*borders, "borders", error);
        p.borders = {sides.boolean("top"), sides.boolean("bottom"), sides.boolean("left"),
                     sides.boolean("right")};
    }
}

} // namespace

Result<Provenance> provenanceFromJson(std::string_view text)
{
    auto document = json::parse(text);
    if (!document)
        return withContext<Provenance>(std::unexpected(document.error()), "provenance");
    std::optional<Error> error;
    FieldReader in(*document, "", error);
    if (const auto* format = in.member("format", json::Value::Kind::String);
        format && format->text != Provenance::kFormat)
        in.setError("format", "is '" + format->text + "', expected " + Provenance::kFormat);
    Provenance p;
    p.seed = in.number<std::uint64_t>("seed");
    p.width = in.number<int>("width");
    p.height = in.number<int>("height");
    p.baseSampleId = in.number<std::int64_t>("base_sample");
    p.baseDefective = in.boolean("base_defective");
    p.primaryClass = in.number<int>("primary_class");
    p.layoutBits = in.number<std::uint32_t>("layout_bits");
    readLists(in, p, error);
    p.flipHorizontal = in.boolean("flip_horizontal");
    p.flipVertical = in.boolean("flip_vertical");
    // Records written before mirror shifts existed have no mode: they wrapped.
    if (const auto* mode = in.optional("shift_mode", json::Value::Kind::String)) {
        if (const auto parsed = shiftModeFromName(mode->text))
            p.shiftMode = *parsed;
        else
            in.setError("shift_mode", "must be \"wrap\", \"mirror\" or \"none\"");
    }
    p.shiftX = in.number<int>("shift_x");
    p.shiftY = in.number<int>("shift_y");
    p.finalJitter.brightness = in.number<double>("final_brightness");
    p.finalJitter.contrast = in.number<double>("final_contrast");
    p.classBits = in.number<std::uint32_t>("class_bits");
    if (error)
        return std::unexpected(*error);
    return p;
}

} // namespace dwb
