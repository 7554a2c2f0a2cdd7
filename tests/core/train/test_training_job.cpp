// A run handed to another machine as a job folder and brought back.

#include "dwb/model/ModelFile.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/train/Trainer.h"
#include "dwb/train/TrainingJob.h"

#include "TrainerFixtures.h"
#include "support/TempDir.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace dwb {
namespace {

TrainingConfig tinyConfig()
{
    TrainingConfig config;
    config.epochs = 2;
    config.batchSize = 8;
    config.inputHeight = 32;
    config.inputWidth = 32;
    config.threads = 1;
    config.augment = true;
    config.augmentEvery = 1;
    config.augmentCount = 4;
    return config;
}

// Run `copy` of `home` is run `original` of `away`: the same curves, sets, status and a model.
void expectSameRun(const ProjectDb& home, std::int64_t copy, const ProjectDb& away,
                   std::int64_t original)
{
    auto mine = home.runEpochs(copy);
    auto theirs = away.runEpochs(original);
    ASSERT_TRUE(mine && theirs);
    ASSERT_EQ(mine->size(), theirs->size());
    for (std::size_t e = 0; e < mine->size(); ++e) {
        ASSERT_EQ((*mine)[e].validation.size(), (*theirs)[e].validation.size());
        for (std::size_t k = 0; k < (*mine)[e].validation.size(); ++k)
            EXPECT_EQ((*mine)[e].validation[k].seg, (*theirs)[e].validation[k].seg);
    }
    auto sets = home.runAugmentations(copy);
    auto theirSets = away.runAugmentations(original);
    ASSERT_TRUE(sets && theirSets);
    EXPECT_EQ(sets->size(), theirSets->size());
    auto run = home.run(copy);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->status, "finished");
    EXPECT_TRUE(loadModel(home.path().parent_path() / run->modelPath, c10::kCPU));
}

} // namespace

TEST(TrainingJob, TravelsWithItsImagesAndComesBackAsARun)
{
    test::TempDir dir;
    auto project = test::makeDemoProject(dir.path(), 24, 32);
    ASSERT_TRUE(project);
    CancellationToken token;
    ASSERT_TRUE(Trainer::run(*project, tinyConfig(), token)); // run 1 stays home

    JobOptions options;
    options.folder = dir / "job";
    options.processes = 2;
    options.copyImages = true;
    std::size_t reported = 0;
    options.progress = [&](std::size_t done, std::size_t) {
        reported = done;
        return true;
    };
    auto job = writeTrainingJob(*project, tinyConfig(), options);
    ASSERT_TRUE(job) << job.error().message;
    EXPECT_EQ(job->images, 24u);
    EXPECT_EQ(reported, 24u);
    EXPECT_EQ(job->firstRun, 2);
    EXPECT_NE(job->command.find("--nproc"), std::string::npos);
    for (const char* name : {"run.sh", "training.conf", "README.txt", "job.json"})
        EXPECT_TRUE(std::filesystem::exists(options.folder / name)) << name;
    // A second job into the same folder is refused: nothing is overwritten.
    EXPECT_FALSE(writeTrainingJob(*project, tinyConfig(), options));

    // The folder moves as one piece: the snapshot finds the copied images where it now is.
    const auto moved = dir / "elsewhere";
    std::filesystem::rename(options.folder, moved);
    auto remote = ProjectDb::open(moved / "demo.dwb");
    ASSERT_TRUE(remote);
    auto samples = remote->samples();
    ASSERT_TRUE(samples);
    ASSERT_EQ(samples->size(), 24u);
    for (const SampleRecord& sample : *samples) {
        EXPECT_EQ(std::filesystem::path(sample.imagePath).parent_path(), moved / "images");
        EXPECT_TRUE(std::filesystem::exists(sample.imagePath)) << sample.imagePath;
    }
    std::ifstream conf(moved / "training.conf");
    std::stringstream text;
    text << conf.rdbuf();
    auto config = trainingConfigFromText(text.str());
    ASSERT_TRUE(config);
    auto trained = Trainer::run(*remote, *config, token);
    ASSERT_TRUE(trained) << trained.error().message;
    EXPECT_EQ(trained->runId, 2);

    auto runs = jobRuns(*remote);
    ASSERT_TRUE(runs);
    EXPECT_EQ(*runs, std::vector<std::int64_t>{2});
    auto imported = importRun(*project, *remote, 2);
    ASSERT_TRUE(imported) << imported.error().message;
    EXPECT_EQ(*imported, 2);
    expectSameRun(*project, *imported, *remote, 2);
}

TEST(TrainingJob, RunsComeBackOnlyToProjectsWithTheSameClasses)
{
    test::TempDir dir;
    auto project = test::makeDemoProject(dir.path(), 16, 32);
    ASSERT_TRUE(project);
    CancellationToken token;
    TrainingConfig config = tinyConfig();
    config.epochs = 1;
    config.augment = false;
    auto trained = Trainer::run(*project, config, token);
    ASSERT_TRUE(trained);
    auto other = ProjectDb::create(dir / "other.dwb");
    ASSERT_TRUE(other);
    ASSERT_TRUE(other->addClass("Crack"));
    auto refused = importRun(*other, *project, trained->runId);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("other classes"), std::string::npos);
    auto runs = other->runs();
    ASSERT_TRUE(runs);
    EXPECT_TRUE(runs->empty());
}

} // namespace dwb
