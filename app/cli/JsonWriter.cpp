#include "JsonWriter.h"

#include <cmath>
#include <cstdio>

namespace dwb::cli {

void JsonWriter::newline()
{
    if (m_compact)
        return;
    m_out << '\n';
    for (std::size_t i = 0; i < m_hasItems.size(); ++i)
        m_out << "  ";
}

void JsonWriter::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_hasItems.empty())
        return;
    if (m_hasItems.back())
        m_out << ',';
    m_hasItems.back() = true;
    newline();
}

JsonWriter& JsonWriter::beginObject()
{
    beforeValue();
    m_out << '{';
    m_hasItems.push_back(false);
    return *this;
}

JsonWriter& JsonWriter::close(char bracket)
{
    const bool hadItems = m_hasItems.back();
    m_hasItems.pop_back();
    if (hadItems)
        newline();
    m_out << bracket;
    return *this;
}

JsonWriter& JsonWriter::endObject()
{
    return close('}');
}

JsonWriter& JsonWriter::beginArray()
{
    beforeValue();
    m_out << '[';
    m_hasItems.push_back(false);
    return *this;
}

JsonWriter& JsonWriter::endArray()
{
    return close(']');
}

JsonWriter& JsonWriter::key(std::string_view name)
{
    beforeValue();
    writeString(name);
    m_out << ": ";
    m_afterKey = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text)
{
    beforeValue();
    writeString(text);
    return *this;
}

void JsonWriter::writeString(std::string_view text)
{
    m_out << '"';
    for (const char c : text) {
        switch (c) {
        case '"':
            m_out << "\\\"";
            break;
        case '\\':
            m_out << "\\\\";
            break;
        case '\n':
            m_out << "\\n";
            break;
        case '\r':
            m_out << "\\r";
            break;
        case '\t':
            m_out << "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                m_out << escaped;
            } else {
                m_out << c;
            }
        }
    }
    m_out << '"';
}

JsonWriter& JsonWriter::value(std::int64_t number)
{
    beforeValue();
    m_out << number;
    return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t number)
{
    beforeValue();
    m_out << number;
    return *this;
}

JsonWriter& JsonWriter::value(double number)
{
    beforeValue();
    if (!std::isfinite(number)) {
        m_out << "null";
        return *this;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.10g", number);
    m_out << text;
    return *this;
}

JsonWriter& JsonWriter::value(bool flag)
{
    beforeValue();
    m_out << (flag ? "true" : "false");
    return *this;
}

JsonWriter& JsonWriter::null()
{
    beforeValue();
    m_out << "null";
    return *this;
}

void JsonWriter::finish()
{
    m_out << '\n';
    m_out.flush();
}

} // namespace dwb::cli
