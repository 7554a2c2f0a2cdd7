#pragma once

#include <expected>
#include <string>
#include <utility>

namespace dwb {

// Persisted nowhere, but shown to scripts through the CLI's exit codes: only grow at the end.
enum class ErrorCode {
    InvalidArgument,
    NotFound,
    IoError,
    NotAProject,
    NewerSchema,
    Corrupt,
    Database,
    BadImage,
    BadMask,
    BadRle,
    UnknownClass,
    Cancelled,
    Internal,
    RankLost, // data-parallel training: another rank stopped answering
};

// The error every core API reports: a code for programs and a message for people that names
// the file, row or field at fault.
struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;

using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(ErrorCode code, std::string message)
{
    return std::unexpected(Error{code, std::move(message)});
}

// Prefixes the message of a failed result with context ("train.csv row 4: ...").
template <typename T>
Result<T> withContext(Result<T> result, const std::string& context)
{
    if (!result)
        result.error().message = context + ": " + result.error().message;
    return result;
}

const char* errorCodeName(ErrorCode code);

} // namespace dwb
