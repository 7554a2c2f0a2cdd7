#pragma once

// nlohmann's JSON header for core's sources: it trips -Wnull-dereference in code it inlines into
// the including file, so it is included once here with that warning off.

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <nlohmann/json.hpp>
#pragma GCC diagnostic pop
