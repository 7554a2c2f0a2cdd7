// ProjectDb: cached predictions of a run's model on a split (error review).

#include "Sqlite.h"
#include "dwb/storage/ProjectDb.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <bit>
#include <charconv>

namespace dwb {

using sqlite::Statement;

namespace {

// Scores as little-endian float32, so that files move between machines unchanged.
std::vector<std::uint8_t> encodeScores(const std::vector<float>& scores)
{
    std::vector<std::uint8_t> bytes;
    bytes.reserve(scores.size() * 4);
    for (const float score : scores) {
        const auto bits = std::bit_cast<std::uint32_t>(score);
        for (int shift = 0; shift < 32; shift += 8)
            bytes.push_back(static_cast<std::uint8_t>(bits >> shift));
    }
    return bytes;
}

std::vector<float> decodeScores(std::span<const std::uint8_t> bytes)
{
    std::vector<float> scores(bytes.size() / 4);
    for (std::size_t i = 0; i < scores.size(); ++i) {
        std::uint32_t bits = 0;
        for (int b = 0; b < 4; ++b)
            bits |= std::uint32_t{bytes[i * 4 + static_cast<std::size_t>(b)]} << (8 * b);
        scores[i] = std::bit_cast<float>(bits);
    }
    return scores;
}

// The per-class maps stacked top to bottom in class order: one grey PNG per sample.
Result<std::vector<std::uint8_t>> encodeMaps(const std::vector<cv::Mat>& maps)
{
    cv::Mat stacked;
    std::vector<std::uint8_t> png;
    try {
        cv::vconcat(maps, stacked);
        if (!cv::imencode(".png", stacked, png, {cv::IMWRITE_PNG_COMPRESSION, 3}))
            return fail(ErrorCode::Internal, "cannot encode a probability map");
    } catch (const cv::Exception& e) {
        return fail(ErrorCode::Internal, "cannot encode a probability map: " + e.err);
    }
    return png;
}

Result<std::vector<cv::Mat>> decodeMaps(std::span<const std::uint8_t> png, int classes, int width,
                                        int height)
{
    cv::Mat stacked;
    try {
        const cv::Mat bytes(1, static_cast<int>(png.size()), CV_8UC1,
                            const_cast<std::uint8_t*>(png.data()));
        stacked = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception&) {
        stacked.release();
    }
    if (stacked.type() != CV_8UC1 || stacked.cols != width || stacked.rows != height * classes)
        return fail(ErrorCode::Corrupt, "a cached probability map is unreadable");
    std::vector<cv::Mat> maps;
    for (int c = 0; c < classes; ++c)
        maps.push_back(stacked.rowRange(c * height, (c + 1) * height).clone());
    return maps;
}

Status checkRecord(const PredictionSetInfo& info, const PredictionRecord& record)
{
    const auto classes = static_cast<std::size_t>(info.classes);
    bool ok = record.scores.size() == classes && record.probabilities.size() == classes;
    for (std::size_t c = 0; ok && c < classes; ++c) {
        const cv::Mat& map = record.probabilities[c];
        ok = map.type() == CV_8UC1 && map.cols == info.width && map.rows == info.height;
    }
    if (!ok)
        return fail(ErrorCode::InvalidArgument,
                    "prediction of sample " + std::to_string(record.sampleId) +
                        " does not have one score and one " + std::to_string(info.width) + "x" +
                        std::to_string(info.height) + " 8-bit map per class");
    return {};
}

// Thresholds as text, exactly and whatever the locale: shortest round-trip numbers separated
// by spaces.
std::string joinThresholds(const std::vector<double>& values)
{
    std::string text;
    char number[32];
    for (const double v : values) {
        if (!text.empty())
            text += ' ';
        const auto [end, ec] = std::to_chars(number, number + sizeof number, v);
        text.append(number, ec == std::errc() ? end : number);
    }
    return text;
}

std::vector<double> splitThresholds(const std::string& text)
{
    std::vector<double> values;
    const char* at = text.data();
    const char* const end = text.data() + text.size();
    while (at < end) {
        double v = 0;
        const auto [next, ec] = std::from_chars(at, end, v);
        if (ec != std::errc())
            break;
        values.push_back(v);
        at = next;
        while (at < end && *at == ' ')
            ++at;
    }
    return values;
}

PredictionSetInfo readPredictionSet(const Statement& row)
{
    PredictionSetInfo info;
    info.runId = row.int64(0);
    info.split = row.text(1);
    info.threshold = row.real(2);
    info.classes = static_cast<int>(row.int64(3));
    info.width = static_cast<int>(row.int64(4));
    info.height = static_cast<int>(row.int64(5));
    info.createdAt = row.text(6);
    info.samples = row.int64(7);
    info.imageThresholds = splitThresholds(row.text(8));
    info.pixelThresholds = splitThresholds(row.text(9));
    return info;
}

// What every map of a prediction set has: one per class, all of one size.
struct MapShape {
    int classes = 0;
    int width = 0;
    int height = 0;
};

Result<PredictionRecord> readPrediction(const Statement& row, const MapShape& shape)
{
    PredictionRecord record;
    record.sampleId = row.int64(0);
    const auto scores = row.blob(1);
    if (scores.size() != static_cast<std::size_t>(shape.classes) * 4)
        return fail(ErrorCode::Corrupt, "cached scores of sample " +
                                            std::to_string(record.sampleId) +
                                            " have the wrong size");
    record.scores = decodeScores(scores);
    auto maps = withContext(decodeMaps(row.blob(2), shape.classes, shape.width, shape.height),
                            "sample " + std::to_string(record.sampleId));
    if (!maps)
        return std::unexpected(maps.error());
    record.probabilities = std::move(*maps);
    return record;
}

} // namespace

Status ProjectDb::storePredictions(const PredictionSetInfo& info,
                                   const std::vector<PredictionRecord>& predictions)
{
    if (info.classes <= 0 || info.width <= 0 || info.height <= 0)
        return fail(ErrorCode::InvalidArgument, "cached predictions need classes and a map size");
    for (const PredictionRecord& record : predictions)
        if (auto ok = checkRecord(info, record); !ok)
            return ok;
    for (const auto* list : {&info.imageThresholds, &info.pixelThresholds})
        if (!list->empty() && list->size() != static_cast<std::size_t>(info.classes))
            return fail(ErrorCode::InvalidArgument, "cached predictions need one threshold per "
                                                    "class or none");
    return transaction([&]() -> Status {
        // Deleting the set cascades to its rows, so a smaller split leaves nothing behind.
        auto remove = prepare("DELETE FROM prediction_sets WHERE run_id = ?1 AND split = ?2");
        if (!remove)
            return std::unexpected(remove.error());
        remove->bind(1, info.runId).bind(2, info.split);
        if (auto ok = remove->run(); !ok)
            return ok;
        auto set = prepare(R"sql(
            INSERT INTO prediction_sets (run_id, split, threshold, classes, width, height,
                                         image_thresholds, pixel_thresholds)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))sql");
        if (!set)
            return std::unexpected(set.error());
        set->bind(1, info.runId)
            .bind(2, info.split)
            .bind(3, info.threshold)
            .bind(4, std::int64_t{info.classes})
            .bind(5, std::int64_t{info.width})
            .bind(6, std::int64_t{info.height})
            .bind(7, joinThresholds(info.imageThresholds))
            .bind(8, joinThresholds(info.pixelThresholds));
        if (auto ok = set->run(); !ok)
            return withContext(ok, "run " + std::to_string(info.runId));
        for (const PredictionRecord& record : predictions) {
            auto png = encodeMaps(record.probabilities);
            if (!png)
                return std::unexpected(png.error());
            auto insert = prepare(R"sql(
                INSERT INTO predictions (run_id, split, sample_id, scores, maps_png)
                VALUES (?1, ?2, ?3, ?4, ?5))sql");
            if (!insert)
                return std::unexpected(insert.error());
            insert->bind(1, info.runId)
                .bind(2, info.split)
                .bind(3, record.sampleId)
                .bindBlob(4, encodeScores(record.scores))
                .bindBlob(5, *png);
            if (auto ok = insert->run(); !ok)
                return withContext(ok, "sample " + std::to_string(record.sampleId));
        }
        return {};
    });
}

Result<std::vector<PredictionSetInfo>> ProjectDb::predictionSets() const
{
    auto query = prepare(R"sql(
        SELECT s.run_id, s.split, s.threshold, s.classes, s.width, s.height, s.created_at,
               (SELECT count(*) FROM predictions p
                WHERE p.run_id = s.run_id AND p.split = s.split),
               s.image_thresholds, s.pixel_thresholds
        FROM prediction_sets s ORDER BY s.run_id, s.split)sql");
    if (!query)
        return std::unexpected(query.error());
    return query->rows(readPredictionSet);
}

Result<std::vector<PredictionRecord>> ProjectDb::predictions(std::int64_t runId,
                                                             const std::string& split) const
{
    auto head = prepare(
        "SELECT classes, width, height FROM prediction_sets WHERE run_id = ?1 AND split = ?2");
    if (!head)
        return std::unexpected(head.error());
    head->bind(1, runId).bind(2, split);
    auto shape = head->one(
        [](const Statement& row) {
            return MapShape{static_cast<int>(row.int64(0)), static_cast<int>(row.int64(1)),
                            static_cast<int>(row.int64(2))};
        },
        {ErrorCode::NotFound, "run " + std::to_string(runId) +
                                  " has no cached predictions on the " + split +
                                  " split (run 'dwb eval')"});
    if (!shape)
        return std::unexpected(shape.error());

    auto query = prepare(R"sql(
        SELECT sample_id, scores, maps_png FROM predictions
        WHERE run_id = ?1 AND split = ?2 ORDER BY sample_id)sql");
    if (!query)
        return std::unexpected(query.error());
    query->bind(1, runId).bind(2, split);
    return query->rows([&](const Statement& row) { return readPrediction(row, *shape); });
}

} // namespace dwb
