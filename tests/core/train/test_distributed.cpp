// Data-parallel training: ranks in threads of this process, each with its own project
// connection, meeting over Gloo on the loopback interface as separate processes would.

#include "dwb/model/ModelFile.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/train/Distributed.h"
#include "dwb/train/Trainer.h"

#include "TrainerFixtures.h"
#include "support/TempDir.h"
#include "train/Collective.h"
#include "train/GradientReducer.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

namespace dwb {
namespace {

int freeLoopbackPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

DistributedSettings rankSettings(int rank, int ranks, int port)
{
    DistributedSettings settings;
    settings.rank = rank;
    settings.worldSize = ranks;
    settings.localRank = rank;
    settings.localWorldSize = ranks;
    settings.masterPort = port;
    settings.timeoutSeconds = 60;
    settings.startTimeoutSeconds = 120;
    return settings;
}

// Small enough for a test, awkward enough to matter: batches of 5 split 3 + 2, a last batch of
// one sample (the second rank trains a stand-in), guided-crop sets every epoch, a Dice term and
// the clean-share draw.
TrainingConfig awkwardConfig()
{
    TrainingConfig config;
    config.epochs = 2;
    config.batchSize = 5;
    config.inputHeight = 32;
    config.inputWidth = 32;
    config.learningRate = 1e-3;
    config.threads = 1;
    config.diceWeight = 0.5;
    config.cleanShare = 0.5;
    config.augment = true;
    config.augmentEvery = 1;
    config.augmentCount = 6;
    config.selectBest = false; // the model file holds the last epoch's weights
    config.calibrate = false;
    return config;
}

void copyParameters(Can& from, Can& to)
{
    torch::NoGradGuard noGrad;
    auto source = from->parameters();
    auto target = to->parameters();
    for (std::size_t i = 0; i < source.size(); ++i)
        target[i].copy_(source[i]);
}

// The largest difference between two model files' weights that matter. The convolutions'
// biases are left out: batch normalisation follows each and removes them, so their gradient is
// zero up to rounding and Adam turns that rounding into steps of the learning rate's size; the
// running means they shift are left out with them. Everything else must agree.
double largestDifference(const std::filesystem::path& a, const std::filesystem::path& b)
{
    auto first = loadModel(a, c10::kCPU);
    auto second = loadModel(b, c10::kCPU);
    if (!first || !second)
        return 1e9;
    const auto inert = [](const std::string& name) {
        return (name.rfind("layers.", 0) == 0 && name.find(".bias") != std::string::npos) ||
               name.find("running_mean") != std::string::npos;
    };
    double largest = 0;
    std::size_t compared = 0;
    const auto y = second->model->named_parameters();
    for (const auto& item : first->model->named_parameters())
        if (!inert(item.key())) {
            largest = std::max(largest, (item.value() - y[item.key()]).abs().max().item<double>());
            ++compared;
        }
    const auto yb = second->model->named_buffers();
    for (const auto& item : first->model->named_buffers())
        if (!inert(item.key())) {
            largest =
                std::max(largest, (item.value().to(at::kDouble) - yb[item.key()].to(at::kDouble))
                                      .abs()
                                      .max()
                                      .item<double>());
            ++compared;
        }
    return compared > 0 ? largest : 1e9;
}

} // namespace

TEST(DistributedSettings, ComeFromTheEnvironmentLikeTorchrun)
{
    ::unsetenv("WORLD_SIZE");
    auto none = distributedSettingsFromEnvironment();
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_value());

    ::setenv("WORLD_SIZE", "4", 1);
    ::setenv("RANK", "3", 1);
    ::setenv("LOCAL_RANK", "1", 1);
    ::setenv("LOCAL_WORLD_SIZE", "2", 1);
    ::setenv("MASTER_ADDR", "node-a", 1);
    ::setenv("MASTER_PORT", "29611", 1);
    auto four = distributedSettingsFromEnvironment();
    ASSERT_TRUE(four && four->has_value()) << (four ? "" : four.error().message);
    EXPECT_EQ((*four)->worldSize, 4);
    EXPECT_EQ((*four)->rank, 3);
    EXPECT_EQ((*four)->localRank, 1);
    EXPECT_EQ((*four)->localWorldSize, 2);
    EXPECT_EQ((*four)->masterAddress, "node-a");
    EXPECT_EQ((*four)->masterPort, 29611);
    EXPECT_FALSE((*four)->writer());

    ::setenv("RANK", "4", 1); // past the world
    auto bad = distributedSettingsFromEnvironment();
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("RANK=4"), std::string::npos);
    for (const char* name :
         {"WORLD_SIZE", "RANK", "LOCAL_RANK", "LOCAL_WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"})
        ::unsetenv(name);
}

// Each rank's hooks copy its gradients into buckets that are summed while backward runs.
TEST(GradientReducerTest, SumsEveryGradientOverTheRanksInBuckets)
{
    const int port = freeLoopbackPort();
    std::vector<at::Tensor> sums(2);
    std::vector<std::size_t> buckets(2);
    const auto rank = [&](int r) {
        auto collective = Collective::connect(rankSettings(r, 2, port), c10::kCPU);
        ASSERT_TRUE(collective) << collective.error().message;
        std::vector<at::Tensor> parameters{at::ones({300}).requires_grad_(),
                                           at::ones({40, 10}).requires_grad_(),
                                           at::ones({7}).requires_grad_()};
        GradientReducer reducer(parameters, **collective, /*bucketBytes=*/1024);
        buckets[static_cast<std::size_t>(r)] = reducer.bucketCount();
        reducer.begin();
        const double scale = r + 1.0; // rank 0: gradients 1, 2, 3; rank 1: 2, 4, 6
        ((parameters[0].sum() + 2 * parameters[1].sum() + 3 * parameters[2].sum()) * scale)
            .backward();
        reducer.finish();
        sums[static_cast<std::size_t>(r)] =
            at::cat({parameters[0].grad(), parameters[1].grad().flatten(), parameters[2].grad()});
    };
    std::thread other(rank, 1);
    rank(0);
    other.join();
    ASSERT_TRUE(sums[0].defined() && sums[1].defined());
    EXPECT_GE(buckets[0], 2u); // 1200 + 1600 + 28 bytes in 1 KiB buckets
    const at::Tensor expected =
        at::cat({at::full({300}, 3.0), at::full({400}, 6.0), at::full({7}, 9.0)});
    EXPECT_TRUE(at::equal(sums[0], expected));
    EXPECT_TRUE(at::equal(sums[1], expected));
}

// The acceptance test: two ranks end with the weights of one process training the same
// global batches from the same seed.
TEST(DataParallelTraining, TwoRanksMatchOneProcess)
{
    test::TempDir dir;
    auto project = test::makeDemoProject(dir.path(), 40, 32);
    ASSERT_TRUE(project);
    ASSERT_TRUE(project->checkpoint());
    const auto single = dir / "single.dwb";
    std::filesystem::copy_file(project->path(), single);
    const TrainingConfig config = awkwardConfig();

    auto one = ProjectDb::open(single);
    ASSERT_TRUE(one);
    CancellationToken token;
    auto reference = Trainer::run(*one, config, token);
    ASSERT_TRUE(reference) << reference.error().message;

    const int port = freeLoopbackPort();
    std::vector<Result<TrainingResult>> results(2, fail(ErrorCode::Internal, "not run"));
    const auto rank = [&](int r) {
        auto connection = ProjectDb::connect(project->path(), r == 0 ? ProjectDb::Access::ReadWrite
                                                                     : ProjectDb::Access::ReadOnly);
        if (!connection) {
            results[static_cast<std::size_t>(r)] = std::unexpected(connection.error());
            return;
        }
        CancellationToken own;
        const DistributedSettings settings = rankSettings(r, 2, port);
        results[static_cast<std::size_t>(r)] =
            Trainer::run(*connection, config, own, nullptr, &settings);
    };
    std::thread other(rank, 1);
    rank(0);
    other.join();
    ASSERT_TRUE(results[0]) << results[0].error().message;
    ASSERT_TRUE(results[1]) << results[1].error().message;
    EXPECT_EQ(results[0]->ranks, 2);
    EXPECT_TRUE(results[0]->writer);
    EXPECT_FALSE(results[1]->writer);
    EXPECT_EQ(results[1]->runId, results[0]->runId);
    EXPECT_GT(results[0]->bytesExchangedPerStep, 0);

    const double difference = largestDifference(reference->modelPath, results[0]->modelPath);
    RecordProperty("largest_weight_difference", std::to_string(difference));
    std::printf("largest weight difference, 2 ranks vs 1 process: %.3g\n", difference);
    // Measured: 4e-7 after two epochs (16 steps); one rank's share or one wrong gradient moves
    // weights by the learning rate, 1e-3.
    EXPECT_LT(difference, 1e-5);
    // The stored curves are the whole batch's: the same per-class losses as one process.
    auto curves = project->runEpochs(results[0]->runId);
    auto expected = one->runEpochs(reference->runId);
    ASSERT_TRUE(curves && expected);
    ASSERT_EQ(curves->size(), expected->size());
    for (std::size_t e = 0; e < curves->size(); ++e)
        for (std::size_t k = 0; k < (*curves)[e].train.size(); ++k)
            EXPECT_NEAR((*curves)[e].train[k].cls, (*expected)[e].train[k].cls, 1e-3);
}

// With one process the synchronised batch normalisation is torch's own: outputs, gradients and
// running statistics.
TEST(SynchronisedBatchNorm, IsTorchsBatchNormInOneProcess)
{
    CanOptions options;
    options.classes = 2;
    options.width = 8;
    torch::manual_seed(3);
    Can native(options);
    Can synced(options);
    copyParameters(native, synced);
    synced->setBatchStatisticsSum([](const torch::Tensor& t) { return t; });
    native->train();
    synced->train();
    const at::Tensor images = at::rand({3, 1, 24, 24});
    const CanOutput x = native->forward(images);
    const CanOutput y = synced->forward(images);
    EXPECT_LT((x.maskLogits - y.maskLogits).abs().max().item<double>(), 1e-4);
    x.maskLogits.square().mean().backward();
    y.maskLogits.square().mean().backward();
    auto a = native->named_parameters();
    auto b = synced->named_parameters();
    for (const auto& item : a) {
        if (item.key().find("layers.") == 0 && item.key().find(".bias") != std::string::npos)
            continue; // before a normalisation: its gradient is zero up to rounding
        const double scale = item.value().grad().abs().max().item<double>() + 1e-12;
        EXPECT_LT((item.value().grad() - b[item.key()].grad()).abs().max().item<double>() / scale,
                  1e-3)
            << item.key();
    }
    auto ab = native->named_buffers();
    auto bb = synced->named_buffers();
    for (const auto& item : ab)
        EXPECT_LT((item.value().to(at::kDouble) - bb[item.key()].to(at::kDouble))
                      .abs()
                      .max()
                      .item<double>(),
                  1e-5)
            << item.key();
}

// Two ranks, each with a share of a batch (three samples and two), compute the gradient one
// process computes on all of it, within float rounding. Float rounding is the measure: the
// gradient of this network is ill-conditioned enough in some configurations (many layers of one
// small dilation) that one process in float32 is 1e-2 away from float64, and a different split
// of the same sums moves it as much.
TEST(SynchronisedBatchNorm, SharesOfABatchGiveTheWholeBatchsGradient)
{
    CanOptions options;
    options.classes = 2;
    options.width = 8;
    torch::manual_seed(5);
    const at::Tensor images = at::rand({5, 1, 24, 24});
    const at::Tensor targets = at::rand({5, 2, 24, 24});
    Can whole(options);
    whole->train();
    const auto lossOf = [&](Can& model, const at::Tensor& x, const at::Tensor& t) {
        return (model->forward(x).maskLogits - t).square().mean();
    };
    lossOf(whole, images, targets).backward();

    const int port = freeLoopbackPort();
    std::vector<std::vector<at::Tensor>> gradients(2);
    const auto rank = [&](int r) {
        auto collective = Collective::connect(rankSettings(r, 2, port), c10::kCPU);
        ASSERT_TRUE(collective) << collective.error().message;
        Can part(options);
        copyParameters(whole, part);
        part->train();
        part->setBatchStatisticsSum((*collective)->statisticsSum(nullptr));
        GradientReducer reducer(part->parameters(), **collective);
        reducer.begin();
        // Each rank's loss is its share of the batch's mean.
        const std::int64_t from = r == 0 ? 0 : 3, count = r == 0 ? 3 : 2;
        (lossOf(part, images.narrow(0, from, count), targets.narrow(0, from, count)) *
         (static_cast<double>(count) / 5.0))
            .backward();
        reducer.finish();
        for (const at::Tensor& p : part->parameters())
            gradients[static_cast<std::size_t>(r)].push_back(p.grad().clone());
    };
    std::thread other(rank, 1);
    rank(0);
    other.join();
    const auto named = whole->named_parameters();
    for (std::size_t i = 0; i < named.size(); ++i) {
        const std::string& name = named[i].key();
        if (name.find("layers.") == 0 && name.find(".bias") != std::string::npos)
            continue;
        const at::Tensor& expected = named[i].value().grad();
        const double scale = expected.abs().max().item<double>() + 1e-12;
        for (int r = 0; r < 2; ++r)
            EXPECT_LT((gradients[r][i] - expected).abs().max().item<double>() / scale, 1e-3)
                << name << " on rank " << r;
    }
}

} // namespace dwb
