#include "dwb/imaging/ClassMask.h"
#include "dwb/storage/ProjectDb.h"

#include "support/TempDir.h"

#include <gtest/gtest.h>

namespace dwb {
namespace {

std::int64_t addPlainSample(ProjectDb& project, const std::string& path)
{
    auto id =
        project.addSample({"s", path, 8, 4, "hash-" + path}, emptyClassMask({8, 4}), std::nullopt);
    EXPECT_TRUE(id) << id.error().message;
    return id.value_or(0);
}

std::vector<std::int64_t> ambiguousIds(const ProjectDb& project)
{
    auto flagged = project.ambiguousSamples();
    EXPECT_TRUE(flagged) << flagged.error().message;
    std::vector<std::int64_t> ids;
    for (const auto& sample : flagged.value_or(std::vector<AmbiguousSample>{}))
        ids.push_back(sample.sampleId);
    return ids;
}

} // namespace

TEST(ProjectSampleFlags, SetsAndClearsTheAmbiguousFlagAcrossReopen)
{
    test::TempDir dir;
    std::int64_t a = 0;
    std::int64_t b = 0;
    {
        auto project = ProjectDb::create(dir / "p.dwb");
        ASSERT_TRUE(project) << project.error().message;
        a = addPlainSample(*project, "/a.png");
        b = addPlainSample(*project, "/b.png");
        EXPECT_TRUE(ambiguousIds(*project).empty());
        ASSERT_TRUE(project->setAmbiguous(b, true, "blurred edge"));
        ASSERT_TRUE(project->setAmbiguous(a, true));
        EXPECT_EQ(ambiguousIds(*project), (std::vector<std::int64_t>{a, b}));
        ASSERT_TRUE(project->setAmbiguous(a, false));
    }
    auto project = ProjectDb::open(dir / "p.dwb");
    ASSERT_TRUE(project) << project.error().message;
    auto flagged = *project->ambiguousSamples();
    ASSERT_EQ(flagged.size(), 1u);
    EXPECT_EQ(flagged[0].sampleId, b);
    EXPECT_EQ(flagged[0].note, "blurred edge");
    EXPECT_FALSE(flagged[0].updatedAt.empty());
}

TEST(ProjectSampleFlags, RefusesAnUnknownSample)
{
    test::TempDir dir;
    auto project = ProjectDb::create(dir / "p.dwb");
    ASSERT_TRUE(project) << project.error().message;
    auto ok = project->setAmbiguous(42, true);
    ASSERT_FALSE(ok);
    EXPECT_EQ(ok.error().code, ErrorCode::NotFound);
    EXPECT_TRUE(ambiguousIds(*project).empty());
}

TEST(ProjectSampleFlags, MigratesVersionSixForward)
{
    test::TempDir dir;
    const auto path = dir / "v6.dwb";
    std::int64_t id = 0;
    {
        auto v6 = ProjectDb::createAtVersion(path, 6);
        ASSERT_TRUE(v6) << v6.error().message;
        EXPECT_EQ(*v6->schemaVersion(), 6);
        EXPECT_FALSE(v6->ambiguousSamples()) << "version 6 has no sample_flags table";
        id = addPlainSample(*v6, "/old.png");
    }
    auto project = ProjectDb::open(path);
    ASSERT_TRUE(project) << project.error().message;
    EXPECT_EQ(*project->schemaVersion(), ProjectDb::kSchemaVersion);
    EXPECT_EQ(project->samples()->size(), 1u);
    EXPECT_TRUE(ambiguousIds(*project).empty());
    ASSERT_TRUE(project->setAmbiguous(id, true, "kept"));
    EXPECT_EQ(ambiguousIds(*project), std::vector<std::int64_t>{id});
}

} // namespace dwb
