// Opening a file that is not a usable project fails with a clear message and leaves the file
// exactly as it was.

#include "dwb/imaging/ClassMask.h"
#include "dwb/storage/ProjectDb.h"

#include "support/Fixtures.h"
#include "support/TempDir.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

namespace dwb {
namespace {

void expectRejectedUnchanged(const std::filesystem::path& path, ErrorCode code,
                             const std::string& messagePart)
{
    const auto before = test::readBytes(path);
    auto project = ProjectDb::open(path);
    ASSERT_FALSE(project);
    EXPECT_EQ(project.error().code, code) << project.error().message;
    EXPECT_NE(project.error().message.find(messagePart), std::string::npos)
        << project.error().message;
    EXPECT_NE(project.error().message.find(path.filename().string()), std::string::npos)
        << "the message names the file: " << project.error().message;
    EXPECT_EQ(test::readBytes(path), before) << "the file must be left byte-for-byte unchanged";
}

void makeProjectWithSamples(const std::filesystem::path& path, int count)
{
    auto project = ProjectDb::create(path);
    ASSERT_TRUE(project);
    ASSERT_TRUE(project->addClass("A"));
    for (int i = 0; i < count; ++i) {
        cv::Mat mask = emptyClassMask({64, 64});
        addClassPixels(mask, test::rectMask({64, 64}, {i % 50, i % 30, 9, 9}), 0);
        ASSERT_TRUE(project->addSample({"s", "/img/" + std::to_string(i) + ".png", 64, 64, "h"},
                                       mask, std::nullopt));
    }
}

void runSql(const std::filesystem::path& path, const char* sql)
{
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
}

} // namespace

TEST(ProjectFileCheck, MissingFileIsNotFound)
{
    test::TempDir dir;
    auto project = ProjectDb::open(dir / "nope.dwb");
    ASSERT_FALSE(project);
    EXPECT_EQ(project.error().code, ErrorCode::NotFound);
    EXPECT_FALSE(std::filesystem::exists(dir / "nope.dwb")) << "open never creates";
}

TEST(ProjectFileCheck, TextFileIsNotAProject)
{
    test::TempDir dir;
    test::writeText(dir / "notes.dwb", "ImageId,ClassId,EncodedPixels\nthis is not a database\n");
    expectRejectedUnchanged(dir / "notes.dwb", ErrorCode::NotAProject, "not an SQLite database");
}

TEST(ProjectFileCheck, EmptyFileIsNotAProject)
{
    test::TempDir dir;
    test::writeText(dir / "empty.dwb", "");
    expectRejectedUnchanged(dir / "empty.dwb", ErrorCode::NotAProject, "empty file");
}

TEST(ProjectFileCheck, OtherSqliteDatabaseIsNotAProject)
{
    test::TempDir dir;
    runSql(dir / "other.db", "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
    expectRejectedUnchanged(dir / "other.db", ErrorCode::NotAProject,
                            "not a Defect Workbench project");
}

TEST(ProjectFileCheck, NewerSchemaIsRefused)
{
    test::TempDir dir;
    makeProjectWithSamples(dir / "future.dwb", 1);
    runSql(dir / "future.dwb",
           "UPDATE project_meta SET value = '99' WHERE key = 'schema_version';");
    expectRejectedUnchanged(dir / "future.dwb", ErrorCode::NewerSchema, "schema 99");
}

TEST(ProjectFileCheck, TruncatedFileIsRefused)
{
    test::TempDir dir;
    const auto path = dir / "cut.dwb";
    makeProjectWithSamples(path, 40);
    const auto size = std::filesystem::file_size(path);
    ASSERT_GT(size, 8192u);
    std::filesystem::resize_file(path, size / 2);
    expectRejectedUnchanged(path, ErrorCode::Corrupt, "truncated");
}

TEST(ProjectFileCheck, TruncatedHeaderIsRefused)
{
    test::TempDir dir;
    const auto path = dir / "stub.dwb";
    makeProjectWithSamples(path, 1);
    std::filesystem::resize_file(path, 50);
    expectRejectedUnchanged(path, ErrorCode::Corrupt, "truncated");
}

TEST(ProjectFileCheck, DamagedPagesAreRefused)
{
    test::TempDir dir;
    const auto path = dir / "damaged.dwb";
    makeProjectWithSamples(path, 40);
    // Overwrite a stretch of the second page (a b-tree page) with noise.
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(4096 + 8);
    for (int i = 0; i < 200; ++i)
        file.put(static_cast<char>(0xA5 ^ i));
    file.close();
    const auto before = test::readBytes(path);
    auto project = ProjectDb::open(path);
    ASSERT_FALSE(project);
    EXPECT_EQ(project.error().code, ErrorCode::Corrupt) << project.error().message;
    EXPECT_EQ(test::readBytes(path), before);
}

} // namespace dwb
