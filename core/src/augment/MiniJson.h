#pragma once

// A small JSON reader, private to core/augment, for reading back provenance records. Numbers keep
// their text so that 64-bit integers and shortest-form doubles convert exactly.

#include "dwb/core/Error.h"

#include <string>
#include <string_view>
#include <vector>

namespace dwb::json {

struct Value {
    enum class Kind { Null, Bool, Number, String, Array, Object };
    Kind kind = Kind::Null;
    bool boolean = false;
    std::string text;              // a number's token or a string's decoded text
    std::vector<Value> items;      // array items, or object values
    std::vector<std::string> keys; // object keys, parallel to items

    // The member `key` of an object, or nullptr.
    const Value* find(std::string_view key) const;
};

// Parses one JSON document (RFC 8259; \u escapes outside ASCII are kept as UTF-8). Corrupt with
// the byte offset on malformed input.
Result<Value> parse(std::string_view text);

// Appends `text` as a JSON string literal, quotes included.
void appendString(std::string& out, std::string_view text);

} // namespace dwb::json
