#include "dwb/core/Error.h"

namespace dwb {

const char* errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument:
        return "invalid-argument";
    case ErrorCode::NotFound:
        return "not-found";
    case ErrorCode::IoError:
        return "io-error";
    case ErrorCode::NotAProject:
        return "not-a-project";
    case ErrorCode::NewerSchema:
        return "newer-schema";
    case ErrorCode::Corrupt:
        return "corrupt";
    case ErrorCode::Database:
        return "database";
    case ErrorCode::BadImage:
        return "bad-image";
    case ErrorCode::BadMask:
        return "bad-mask";
    case ErrorCode::BadRle:
        return "bad-rle";
    case ErrorCode::UnknownClass:
        return "unknown-class";
    case ErrorCode::Cancelled:
        return "cancelled";
    case ErrorCode::Internal:
        return "internal";
    case ErrorCode::RankLost:
        return "rank-lost";
    }
    return "internal";
}

} // namespace dwb
