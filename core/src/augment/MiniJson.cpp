#include "MiniJson.h"

#include <cstdio>

namespace dwb::json {
namespace {

constexpr int kMaxDepth = 64;

class Parser {
public:
    explicit Parser(std::string_view text)
        : m_text(text)
    {
    }

    Result<Value> document()
    {
        Value value;
        if (!parseValue(value, 0))
            return fail(ErrorCode::Corrupt,
                        "malformed JSON at byte " + std::to_string(m_pos) + ": " + m_error);
        skipSpace();
        if (m_pos != m_text.size())
            return fail(ErrorCode::Corrupt,
                        "malformed JSON at byte " + std::to_string(m_pos) + ": trailing text");
        return value;
    }

private:
    bool error(const char* what)
    {
        m_error = what;
        return false;
    }
    void skipSpace()
    {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\n' ||
                                         m_text[m_pos] == '\r' || m_text[m_pos] == '\t'))
            ++m_pos;
    }
    bool consume(std::string_view word)
    {
        if (m_text.substr(m_pos, word.size()) != word)
            return false;
        m_pos += word.size();
        return true;
    }

    bool parseValue(Value& value, int depth)
    {
        if (depth > kMaxDepth)
            return error("nested too deeply");
        skipSpace();
        if (m_pos >= m_text.size())
            return error("unexpected end");
        const char c = m_text[m_pos];
        if (c == '{')
            return parseObject(value, depth);
        if (c == '[')
            return parseArray(value, depth);
        if (c == '"') {
            value.kind = Value::Kind::String;
            return parseString(value.text);
        }
        if (consume("true") || consume("false")) {
            value.kind = Value::Kind::Bool;
            value.boolean = m_text[m_pos - 4] == 't';
            return true;
        }
        if (consume("null")) {
            value.kind = Value::Kind::Null;
            return true;
        }
        return parseNumber(value);
    }

    bool parseNumber(Value& value)
    {
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() &&
               std::string_view("+-0123456789.eE").find(m_text[m_pos]) != std::string_view::npos)
            ++m_pos;
        if (m_pos == start)
            return error("expected a value");
        value.kind = Value::Kind::Number;
        value.text = std::string(m_text.substr(start, m_pos - start));
        return true;
    }

    bool parseArray(Value& value, int depth)
    {
        value.kind = Value::Kind::Array;
        ++m_pos; // [
        skipSpace();
        if (consume("]"))
            return true;
        while (true) {
            value.items.emplace_back();
            if (!parseValue(value.items.back(), depth + 1))
                return false;
            skipSpace();
            if (consume("]"))
                return true;
            if (!consume(","))
                return error("expected ',' or ']'");
        }
    }

    bool parseObject(Value& value, int depth)
    {
        value.kind = Value::Kind::Object;
        ++m_pos; // {
        skipSpace();
        if (consume("}"))
            return true;
        while (true) {
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"')
                return error("expected a key");
            value.keys.emplace_back();
            if (!parseString(value.keys.back()))
                return false;
            skipSpace();
            if (!consume(":"))
                return error("expected ':'");
            value.items.emplace_back();
            if (!parseValue(value.items.back(), depth + 1))
                return false;
            skipSpace();
            if (consume("}"))
                return true;
            if (!consume(","))
                return error("expected ',' or '}'");
        }
    }

    bool parseString(std::string& out)
    {
        ++m_pos; // opening quote
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos++];
            if (c == '"')
                return true;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_pos >= m_text.size())
                break;
            if (!parseEscape(m_text[m_pos++], out))
                return false;
        }
        return error("unterminated string");
    }

    bool parseEscape(char e, std::string& out)
    {
        static constexpr std::string_view kFrom = "\"\\/bfnrt";
        static constexpr std::string_view kTo = "\"\\/\b\f\n\r\t";
        if (const auto i = kFrom.find(e); i != std::string_view::npos) {
            out += kTo[i];
            return true;
        }
        if (e != 'u' || m_pos + 4 > m_text.size())
            return error("bad escape");
        unsigned code = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = m_text[m_pos++];
            const int digit = h >= '0' && h <= '9'   ? h - '0'
                              : h >= 'a' && h <= 'f' ? h - 'a' + 10
                              : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                     : -1;
            if (digit < 0)
                return error("bad \\u escape");
            code = code * 16 + static_cast<unsigned>(digit);
        }
        appendUtf8(out, code);
        return true;
    }

    static void appendUtf8(std::string& out, unsigned code)
    {
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    std::string m_error;
};

} // namespace

const Value* Value::find(std::string_view key) const
{
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (keys[i] == key)
            return &items[i];
    return nullptr;
}

Result<Value> parse(std::string_view text)
{
    return Parser(text).document();
}

void appendString(std::string& out, std::string_view text)
{
    out += '"';
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                out += escaped;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

} // namespace dwb::json
