#pragma once

#include <cstdint>
#include <ostream>
#include <string_view>
#include <vector>

namespace dwb::cli {

// Streams compact-but-readable JSON (two-space indent) with correct string escaping. Keys keep
// the order in which they are written, so the output is stable for scripts and diffs.
class JsonWriter {
public:
    // `compact` writes one line per document (JSON Lines), for streams of events.
    explicit JsonWriter(std::ostream& out, bool compact = false)
        : m_out(out)
        , m_compact(compact)
    {
    }

    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(std::uint64_t number);
    JsonWriter& value(int number) { return value(std::int64_t{number}); }
    JsonWriter& value(double number);
    JsonWriter& value(bool flag);
    JsonWriter& null();

    // key(name) then value(v), for one-line fields.
    template <typename T>
    JsonWriter& field(std::string_view name, T v)
    {
        key(name);
        return value(v);
    }

    // Ends the document with a newline.
    void finish();

private:
    void beforeValue();
    void newline();
    JsonWriter& close(char bracket);
    void writeString(std::string_view text);

    std::ostream& m_out;
    std::vector<bool> m_hasItems; // per open container: whether it has an item already
    bool m_afterKey = false;
    bool m_compact = false;
};

} // namespace dwb::cli
