#include "dwb/storage/ProjectDb.h"

#include "ProjectConnection.h"
#include "Sqlite.h"
#include "dwb/core/DurableFile.h"
#include "dwb/imaging/ClassMask.h"

#include <array>

namespace dwb {

using sqlite::Statement;

namespace {

// Distinct, colour-blind-friendly first (Okabe-Ito), then more.
constexpr std::array<const char*, kMaxClasses> kClassColors = {
    "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#999999",
    "#ff4d4d", "#7fff00", "#8a2be2", "#00ced1", "#ff1493", "#b8860b", "#4682b4", "#2f4f4f"};

// Latest revision of each sample, joined once for listings.
constexpr const char* kSampleSelect = R"sql(
    SELECT s.id, s.name, s.image_path, s.width, s.height, s.content_hash, s.split,
           r.class_bits | s.label_bits, r.revision, r.class_bits, s.label_bits
    FROM samples s
    JOIN mask_revisions r ON r.sample_id = s.id
     AND r.revision = (SELECT max(revision) FROM mask_revisions WHERE sample_id = s.id)
)sql";

SampleRecord readSample(const Statement& row)
{
    SampleRecord s;
    s.id = row.int64(0);
    s.name = row.text(1);
    s.imagePath = row.text(2);
    s.width = static_cast<int>(row.int64(3));
    s.height = static_cast<int>(row.int64(4));
    s.contentHash = row.text(5);
    s.split = static_cast<Split>(row.int64(6));
    s.classBits = static_cast<std::uint32_t>(row.int64(7));
    s.maskRevision = static_cast<int>(row.int64(8));
    s.maskBits = static_cast<std::uint32_t>(row.int64(9));
    s.labelBits = static_cast<std::uint32_t>(row.int64(10));
    return s;
}

} // namespace

ProjectDb::ProjectDb(std::filesystem::path path, std::unique_ptr<Connection> connection)
    : m_path(std::move(path))
    , m_connection(std::move(connection))
{
}

ProjectDb::ProjectDb(ProjectDb&&) noexcept = default;
ProjectDb& ProjectDb::operator=(ProjectDb&&) noexcept = default;
ProjectDb::~ProjectDb() = default;

sqlite3* ProjectDb::handle() const
{
    return m_connection->db.get();
}

Result<sqlite::Statement> ProjectDb::prepare(std::string_view sql) const
{
    auto& cache = m_connection->statements;
    auto found = cache.find(std::string(sql));
    if (found == cache.end()) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v3(handle(), sql.data(), static_cast<int>(sql.size()),
                               SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
            return std::unexpected(sqlite::databaseError(
                handle(), m_path.string() + " lacks what a project holds (is it damaged, or "
                                            "edited by another program?)"));
        found = cache.emplace(std::string(sql), stmt).first;
    }
    return Statement::borrow(handle(), found->second);
}

Status ProjectDb::transaction(const std::function<Status()>& work)
{
    auto transaction = sqlite::Transaction::begin(handle());
    if (!transaction)
        return std::unexpected(transaction.error());
    if (auto ok = work(); !ok)
        return ok; // the destructor rolls back
    return transaction->commit();
}

Result<std::vector<ClassInfo>> ProjectDb::classes() const
{
    auto query = prepare("SELECT id, bit, name, color FROM classes ORDER BY bit");
    if (!query)
        return std::unexpected(query.error());
    return query->rows([](const Statement& row) {
        return ClassInfo{row.int64(0), static_cast<int>(row.int64(1)), row.text(2), row.text(3)};
    });
}

Result<ClassInfo> ProjectDb::addClass(const std::string& name)
{
    if (name.empty())
        return fail(ErrorCode::InvalidArgument, "class name is empty");
    auto existing = classes();
    if (!existing)
        return std::unexpected(existing.error());
    for (const auto& c : *existing)
        if (c.name == name)
            return fail(ErrorCode::InvalidArgument, "class '" + name + "' exists already");
    if (existing->size() >= static_cast<std::size_t>(kMaxClasses))
        return fail(ErrorCode::InvalidArgument,
                    "a project holds at most " + std::to_string(kMaxClasses) + " classes");
    const int bit = static_cast<int>(existing->size());
    auto insert = prepare("INSERT INTO classes (bit, name, color) VALUES (?1, ?2, ?3)");
    if (!insert)
        return std::unexpected(insert.error());
    insert->bind(1, std::int64_t{bit})
        .bind(2, name)
        .bind(3, std::string_view(kClassColors[static_cast<std::size_t>(bit)]));
    if (auto ok = insert->run(); !ok)
        return std::unexpected(ok.error());
    return ClassInfo{sqlite3_last_insert_rowid(handle()), bit, name,
                     kClassColors[static_cast<std::size_t>(bit)]};
}

Result<std::optional<std::int64_t>> ProjectDb::findSampleByPath(const std::string& imagePath) const
{
    auto query = prepare("SELECT id FROM samples WHERE image_path = ?1");
    if (!query)
        return std::unexpected(query.error());
    query->bind(1, imagePath);
    return query->oneRow([](const Statement& row) { return row.int64(0); });
}

Result<std::int64_t> ProjectDb::addSample(const NewSample& sample, const cv::Mat& mask,
                                          std::optional<std::int64_t> importId)
{
    if (mask.type() != kClassMaskType || mask.cols != sample.width || mask.rows != sample.height)
        return fail(ErrorCode::BadMask,
                    "mask of " + sample.imagePath + " does not match the image");
    auto insert = prepare(R"sql(
        INSERT INTO samples (name, image_path, width, height, content_hash, import_id, label_bits)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql");
    if (!insert)
        return std::unexpected(insert.error());
    insert->bind(1, sample.name)
        .bind(2, sample.imagePath)
        .bind(3, std::int64_t{sample.width})
        .bind(4, std::int64_t{sample.height})
        .bind(5, sample.contentHash)
        .bind(7, std::int64_t{sample.labelBits});
    if (importId)
        insert->bind(6, *importId);
    else
        insert->bindNull(6);
    if (auto ok = insert->run(); !ok)
        return std::unexpected(ok.error());
    const std::int64_t id = sqlite3_last_insert_rowid(handle());
    if (auto revision = addMaskRevision(id, mask, "imported"); !revision)
        return std::unexpected(revision.error());
    return id;
}

Result<std::vector<SampleRecord>> ProjectDb::samples() const
{
    auto query = prepare(std::string(kSampleSelect) + " ORDER BY s.id");
    if (!query)
        return std::unexpected(query.error());
    return query->rows([this](const Statement& row) { return resolved(readSample(row)); });
}

// Image paths relative to the project's folder become absolute.
SampleRecord ProjectDb::resolved(SampleRecord sample) const
{
    if (!sample.imagePath.empty() && std::filesystem::path(sample.imagePath).is_relative())
        sample.imagePath = (m_path.parent_path() / sample.imagePath).lexically_normal().string();
    return sample;
}

Result<SampleRecord> ProjectDb::sample(std::int64_t sampleId) const
{
    auto query = prepare(std::string(kSampleSelect) + " WHERE s.id = ?1");
    if (!query)
        return std::unexpected(query.error());
    query->bind(1, sampleId);
    return query->one([this](const Statement& row) { return resolved(readSample(row)); },
                      {ErrorCode::NotFound, "no sample with id " + std::to_string(sampleId)});
}

Result<std::int64_t> ProjectDb::sampleCount() const
{
    auto query = prepare("SELECT count(*) FROM samples");
    if (!query)
        return std::unexpected(query.error());
    return query->oneOr([](const Statement& row) { return row.int64(0); }, 0);
}

Result<cv::Mat> ProjectDb::mask(std::int64_t sampleId, std::optional<int> revision) const
{
    auto query =
        prepare(revision ? "SELECT png FROM mask_revisions WHERE sample_id = ?1 AND revision = ?2"
                         : "SELECT png FROM mask_revisions WHERE sample_id = ?1 "
                           "ORDER BY revision DESC LIMIT 1");
    if (!query)
        return std::unexpected(query.error());
    query->bind(1, sampleId);
    if (revision)
        query->bind(2, std::int64_t{*revision});
    return query->one(
        [&](const Statement& row) {
            return withContext(decodeClassMaskPng(row.blob(0)),
                               "mask of sample " + std::to_string(sampleId));
        },
        {ErrorCode::NotFound, "sample " + std::to_string(sampleId) + " has no mask" +
                                  (revision ? " revision " + std::to_string(*revision) : "")});
}

Result<int> ProjectDb::addMaskRevision(std::int64_t sampleId, const cv::Mat& mask,
                                       const std::string& note)
{
    auto png = encodeClassMaskPng(mask);
    if (!png)
        return std::unexpected(png.error());
    int revision = 0;
    // One transaction: a kill before it commits leaves the previous revision the latest.
    auto saved = transaction([&]() -> Status {
        {
            auto insert = prepare(R"sql(
                INSERT INTO mask_revisions (sample_id, revision, class_bits, png, note)
                SELECT ?1, coalesce(max(revision), 0) + 1, ?2, ?3, ?4
                FROM mask_revisions WHERE sample_id = ?1
                RETURNING revision)sql");
            if (!insert)
                return std::unexpected(insert.error());
            insert->bind(1, sampleId)
                .bind(2, std::int64_t{presentClassBits(mask)})
                .bindBlob(3, *png)
                .bind(4, note);
            // The aggregate makes RETURNING yield exactly one row.
            auto row =
                insert->oneOr([](const Statement& r) { return static_cast<int>(r.int64(0)); }, 0);
            if (!row)
                return std::unexpected(row.error());
            revision = *row;
        } // reset here: a RETURNING statement holds the transaction open until then
        crashPoint("mask-save");
        return {};
    });
    if (!saved)
        return std::unexpected(saved.error());
    return revision;
}

Result<std::vector<MaskRevisionInfo>> ProjectDb::maskRevisions(std::int64_t sampleId) const
{
    auto query = prepare(R"sql(
        SELECT id, revision, class_bits, note, created_at FROM mask_revisions
        WHERE sample_id = ?1 ORDER BY revision)sql");
    if (!query)
        return std::unexpected(query.error());
    query->bind(1, sampleId);
    return query->rows([](const Statement& row) {
        return MaskRevisionInfo{row.int64(0), static_cast<int>(row.int64(1)),
                                static_cast<std::uint32_t>(row.int64(2)), row.text(3), row.text(4)};
    });
}

Status ProjectDb::setSplits(const std::vector<std::pair<std::int64_t, Split>>& assignments)
{
    return transaction([&]() -> Status {
        auto update = prepare("UPDATE samples SET split = ?2 WHERE id = ?1");
        if (!update)
            return std::unexpected(update.error());
        for (const auto& [id, split] : assignments) {
            update->reset();
            update->bind(1, id).bind(2, std::int64_t{static_cast<int>(split)});
            if (auto ok = update->run(); !ok)
                return ok;
        }
        return {};
    });
}

} // namespace dwb
