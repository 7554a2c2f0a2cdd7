#include "dwb/imaging/ClassMask.h"
#include "dwb/storage/ProjectDb.h"

#include "support/Fixtures.h"
#include "support/TempDir.h"

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <thread>
#include <vector>

namespace dwb {
namespace {

NewSample sampleAt(const std::string& path, int width = 10, int height = 6)
{
    return {"s", path, width, height, "0123456789abcdef"};
}

cv::Mat maskWith(int classIndex, cv::Size size = {10, 6})
{
    cv::Mat mask = emptyClassMask(size);
    addClassPixels(mask, test::rectMask(size, {2, 1, 3, 3}), classIndex);
    return mask;
}

} // namespace

TEST(ProjectDb, CreateRefusesAnExistingFile)
{
    test::TempDir dir;
    test::writeText(dir / "p.dwb", "keep me");
    auto project = ProjectDb::create(dir / "p.dwb");
    ASSERT_FALSE(project);
    EXPECT_EQ(test::readBytes(dir / "p.dwb"),
              std::vector<char>({'k', 'e', 'e', 'p', ' ', 'm', 'e'}));
}

// Two creators of the same new project at the same instant: both end with the one complete
// project (one created it, the other opened it), never an empty file; and a zero-byte file left
// by a creation cut short no longer blocks the next one.
TEST(ProjectDb, ConcurrentCreationsNeverSeeAnEmptyFile)
{
    test::TempDir dir;
    for (int round = 0; round < 20; ++round) {
        const auto path = dir.path() / std::to_string(round) += ".dwb";
        std::vector<std::string> errors(4);
        {
            std::vector<std::jthread> creators;
            for (std::size_t i = 0; i < errors.size(); ++i)
                creators.emplace_back([&, i] {
                    auto project = ProjectDb::openOrCreate(path);
                    if (!project)
                        errors[i] = project.error().message;
                    else if (!project->classes())
                        errors[i] = "cannot read";
                });
        }
        for (const std::string& error : errors)
            EXPECT_EQ(error, "") << "round " << round;
        auto project = ProjectDb::open(path);
        ASSERT_TRUE(project) << project.error().message;
        EXPECT_TRUE(project->addClass("after"));
    }
    const auto leftover = dir.path() / "left.dwb";
    {
        std::ofstream touch(leftover);
    }
    ASSERT_TRUE(std::filesystem::exists(leftover));
    EXPECT_TRUE(ProjectDb::openOrCreate(leftover));
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        EXPECT_EQ(entry.path().string().find(".creating-"), std::string::npos)
            << entry.path() << " left behind";
}

// A process killed while it saves a mask (SIGKILL before the commit, through the DWB_CRASH_AT
// hook, in a forked child) leaves the previous revision the latest and the project whole.
TEST(ProjectDbDeathTest, AKillDuringAMaskSaveKeepsThePreviousRevision)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    test::TempDir dir;
    const auto path = dir.path() / "p.dwb";
    std::int64_t id = 0;
    {
        auto project = ProjectDb::create(path);
        ASSERT_TRUE(project);
        ASSERT_TRUE(project->addClass("a"));
        auto added = project->addSample(sampleAt("a.png"), maskWith(0), std::nullopt);
        ASSERT_TRUE(added);
        id = *added;
    }
    EXPECT_EXIT(
        {
            ::setenv("DWB_CRASH_AT", "mask-save", 1);
            auto project = ProjectDb::open(path);
            if (project)
                (void)project->addMaskRevision(id, maskWith(0, {10, 6}), "edited");
            std::exit(0); // not reached when the hook fires
        },
        ::testing::KilledBySignal(SIGKILL), "");
    auto project = ProjectDb::open(path);
    ASSERT_TRUE(project) << project.error().message;
    auto revisions = project->maskRevisions(id);
    ASSERT_TRUE(revisions);
    ASSERT_EQ(revisions->size(), 1u);
    // And the next save still works, as revision 2.
    auto saved = project->addMaskRevision(id, maskWith(0), "after");
    ASSERT_TRUE(saved);
    EXPECT_EQ(*saved, 2);
}

TEST(ProjectDb, WorkerConnectionsSeeTheProjectAndReadOnlyOnesRefuseWrites)
{
    test::TempDir dir;
    auto project = ProjectDb::create(dir / "p.dwb");
    ASSERT_TRUE(project) << project.error().message;
    ASSERT_TRUE(project->addClass("Crack"));
    auto reader = ProjectDb::connect(dir / "p.dwb", ProjectDb::Access::ReadOnly);
    ASSERT_TRUE(reader) << reader.error().message;
    ASSERT_EQ(reader->classes()->size(), 1u);
    EXPECT_FALSE(reader->addClass("Pit")) << "a read-only connection must not write";
    auto writer = ProjectDb::connect(dir / "p.dwb", ProjectDb::Access::ReadWrite);
    ASSERT_TRUE(writer) << writer.error().message;
    ASSERT_TRUE(writer->addClass("Pit"));
    EXPECT_EQ(reader->classes()->size(), 2u) << "the reader sees what other connections commit";
    EXPECT_EQ(project->classes()->size(), 2u);
}

TEST(ProjectDb, WorkerConnectionsRefuseAnOlderSchemaWithoutMigratingIt)
{
    test::TempDir dir;
    ASSERT_TRUE(ProjectDb::createAtVersion(dir / "old.dwb", 1));
    EXPECT_FALSE(ProjectDb::connect(dir / "old.dwb", ProjectDb::Access::ReadWrite));
    EXPECT_FALSE(ProjectDb::connect(dir / "old.dwb", ProjectDb::Access::ReadOnly));
    EXPECT_FALSE(ProjectDb::connect(dir / "missing.dwb", ProjectDb::Access::ReadOnly));
    auto opened = ProjectDb::open(dir / "old.dwb");
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(*opened->schemaVersion(), ProjectDb::kSchemaVersion)
        << "open migrates; connect does not";
}

TEST(ProjectDb, StoresClassesSamplesAndMasksAcrossReopen)
{
    test::TempDir dir;
    std::int64_t id = 0;
    {
        auto project = ProjectDb::create(dir / "p.dwb");
        ASSERT_TRUE(project) << project.error().message;
        EXPECT_EQ(*project->schemaVersion(), ProjectDb::kSchemaVersion);
        ASSERT_TRUE(project->addClass("Crack"));
        auto pit = project->addClass("Pit");
        ASSERT_TRUE(pit);
        EXPECT_EQ(pit->bit, 1);
        EXPECT_FALSE(project->addClass("Pit")) << "duplicate names are refused";
        auto added = project->addSample(sampleAt("/data/a.png"), maskWith(1), std::nullopt);
        ASSERT_TRUE(added) << added.error().message;
        id = *added;
    }
    auto project = ProjectDb::open(dir / "p.dwb");
    ASSERT_TRUE(project) << project.error().message;
    auto classes = project->classes();
    ASSERT_EQ(classes->size(), 2u);
    EXPECT_EQ((*classes)[0].name, "Crack");
    EXPECT_EQ((*classes)[1].name, "Pit");
    auto samples = project->samples();
    ASSERT_EQ(samples->size(), 1u);
    EXPECT_EQ((*samples)[0].imagePath, "/data/a.png");
    EXPECT_EQ((*samples)[0].classBits, 2u);
    EXPECT_EQ((*samples)[0].maskRevision, 1);
    EXPECT_EQ((*samples)[0].split, Split::Unassigned);
    auto mask = project->mask(id);
    ASSERT_TRUE(mask);
    EXPECT_TRUE(test::sameMat(*mask, maskWith(1)));
    EXPECT_EQ(*project->findSampleByPath("/data/a.png"), id);
    EXPECT_FALSE(*project->findSampleByPath("/data/b.png"));
}

TEST(ProjectDb, MaskRevisionsAppendAndNeverOverwrite)
{
    test::TempDir dir;
    auto project = ProjectDb::create(dir / "p.dwb");
    ASSERT_TRUE(project->addClass("A") && project->addClass("B"));
    const auto id = *project->addSample(sampleAt("/x.png"), maskWith(0), std::nullopt);
    EXPECT_EQ(*project->addMaskRevision(id, maskWith(1), "fixed label"), 2);
    EXPECT_EQ(*project->addMaskRevision(id, emptyClassMask({10, 6}), "cleared"), 3);

    EXPECT_TRUE(test::sameMat(*project->mask(id, 1), maskWith(0)));
    EXPECT_TRUE(test::sameMat(*project->mask(id, 2), maskWith(1)));
    EXPECT_EQ(presentClassBits(*project->mask(id)), 0u);
    auto revisions = project->maskRevisions(id);
    ASSERT_EQ(revisions->size(), 3u);
    EXPECT_EQ((*revisions)[1].note, "fixed label");
    EXPECT_EQ((*revisions)[1].classBits, 2u);
    EXPECT_EQ(project->sample(id)->maskRevision, 3);
    EXPECT_EQ(project->mask(id, 9).error().code, ErrorCode::NotFound);
}

TEST(ProjectDb, RejectsMaskOfWrongSizeOrType)
{
    test::TempDir dir;
    auto project = ProjectDb::create(dir / "p.dwb");
    auto wrongSize = project->addSample(sampleAt("/x.png", 12, 6), maskWith(0), std::nullopt);
    ASSERT_FALSE(wrongSize);
    EXPECT_EQ(wrongSize.error().code, ErrorCode::BadMask);
    EXPECT_EQ(*project->sampleCount(), 0);
}

TEST(ProjectDb, FailedTransactionLeavesNothingBehind)
{
    test::TempDir dir;
    auto project = ProjectDb::create(dir / "p.dwb");
    auto result = project->transaction([&]() -> Status {
        if (auto c = project->addClass("A"); !c)
            return std::unexpected(c.error());
        if (auto s = project->addSample(sampleAt("/x.png"), maskWith(0), std::nullopt); !s)
            return std::unexpected(s.error());
        return fail(ErrorCode::Cancelled, "changed my mind");
    });
    ASSERT_FALSE(result);
    EXPECT_EQ(project->classes()->size(), 0u);
    EXPECT_EQ(*project->sampleCount(), 0);
}

TEST(ProjectDb, NestedTransactionsRollBackOnlyTheirPart)
{
    test::TempDir dir;
    auto project = ProjectDb::create(dir / "p.dwb");
    auto result = project->transaction([&]() -> Status {
        EXPECT_TRUE(project->addClass("Kept"));
        auto inner = project->transaction([&]() -> Status {
            EXPECT_TRUE(project->addClass("Dropped"));
            return fail(ErrorCode::Cancelled, "inner");
        });
        EXPECT_FALSE(inner);
        return {};
    });
    ASSERT_TRUE(result);
    auto classes = project->classes();
    ASSERT_EQ(classes->size(), 1u);
    EXPECT_EQ((*classes)[0].name, "Kept");
}

TEST(ProjectDb, SplitsAndMetaPersist)
{
    test::TempDir dir;
    {
        auto project = ProjectDb::create(dir / "p.dwb");
        ASSERT_TRUE(project->addClass("A"));
        const auto a = *project->addSample(sampleAt("/a.png"), maskWith(0), std::nullopt);
        const auto b = *project->addSample(sampleAt("/b.png"), maskWith(0), std::nullopt);
        ASSERT_TRUE(project->setSplits({{a, Split::Test}, {b, Split::Validation}}));
        ASSERT_TRUE(project->setMeta("k", "v1"));
        ASSERT_TRUE(project->setMeta("k", "v2"));
    }
    auto project = ProjectDb::open(dir / "p.dwb");
    auto samples = *project->samples();
    EXPECT_EQ(samples[0].split, Split::Test);
    EXPECT_EQ(samples[1].split, Split::Validation);
    EXPECT_EQ(**project->meta("k"), "v2");
    EXPECT_FALSE(*project->meta("missing"));
}

TEST(ProjectDb, ClassLimitIsEnforced)
{
    test::TempDir dir;
    auto project = ProjectDb::create(dir / "p.dwb");
    for (int c = 0; c < kMaxClasses; ++c)
        ASSERT_TRUE(project->addClass(std::string(1, 'c').append(std::to_string(c))));
    auto extra = project->addClass("one too many");
    ASSERT_FALSE(extra);
    EXPECT_NE(extra.error().message.find("at most 16"), std::string::npos);
}

TEST(ProjectDb, MigratesVersionOneForwardKeepingData)
{
    test::TempDir dir;
    const auto path = dir / "old.dwb";
    {
        auto v1 = ProjectDb::createAtVersion(path, 1);
        ASSERT_TRUE(v1) << v1.error().message;
        EXPECT_EQ(*v1->schemaVersion(), 1);
        ASSERT_TRUE(v1->addClass("Blowhole"));
    }
    // A version-1 sample row, written as version 1 wrote it (no import_id column yet).
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        const auto png = *encodeClassMaskPng(maskWith(0));
        ASSERT_EQ(sqlite3_exec(db,
                               "INSERT INTO samples (id, name, image_path, width, height, "
                               "content_hash, split) VALUES (1, 'old', '/old.png', 10, 6, 'h', 1)",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_stmt* stmt = nullptr;
        sqlite3_prepare_v2(db,
                           "INSERT INTO mask_revisions (sample_id, revision, class_bits, png) "
                           "VALUES (1, 1, 1, ?1)",
                           -1, &stmt, nullptr);
        sqlite3_bind_blob(stmt, 1, png.data(), static_cast<int>(png.size()), SQLITE_TRANSIENT);
        EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE);
        sqlite3_finalize(stmt);
        sqlite3_close(db);
    }
    auto project = ProjectDb::open(path);
    ASSERT_TRUE(project) << project.error().message;
    EXPECT_EQ(*project->schemaVersion(), ProjectDb::kSchemaVersion);
    auto samples = *project->samples();
    ASSERT_EQ(samples.size(), 1u);
    EXPECT_EQ(samples[0].name, "old");
    EXPECT_EQ(samples[0].split, Split::Train);
    EXPECT_TRUE(test::sameMat(*project->mask(1), maskWith(0)));
    // What version 2 added works on the migrated file.
    auto import = project->beginImport("folder", "/src");
    ASSERT_TRUE(import) << import.error().message;
    EXPECT_TRUE(project->addSample(sampleAt("/new.png"), maskWith(0), *import));
    EXPECT_EQ(project->imports()->size(), 1u);
}

} // namespace dwb
