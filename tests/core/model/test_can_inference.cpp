#include "dwb/model/CanInference.h"

#include "dwb/runtime/CpuInfo.h"
#include "support/RandomisedCan.h"

#include <gtest/gtest.h>
#include <torch/utils.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace dwb {
namespace {

double maxDifference(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a - b).abs().max().item<double>();
}

struct Shape {
    int inputChannels;
    int classes;
    int pool;
    std::int64_t height;
    std::int64_t width;
    bool standardize = false;
};

void PrintTo(const Shape& shape, std::ostream* out)
{
    *out << shape.inputChannels << " channel(s), " << shape.classes << " classes, pool "
         << shape.pool << ", " << shape.height << "x" << shape.width
         << (shape.standardize ? ", standardised" : "");
}

class CanInferenceShapes : public testing::TestWithParam<std::tuple<Shape, InferenceEngine>> {};

// Every engine, at every shape, against the module itself: the automatic choice picks among them
// on each machine, so each must be right everywhere.
TEST_P(CanInferenceShapes, OutputsEqualTheModelInEvalMode)
{
    const auto [shape, engine] = GetParam();
    torch::manual_seed(7);
    CanOptions options;
    options.inputChannels = shape.inputChannels;
    options.classes = shape.classes;
    options.pool = shape.pool;
    options.standardize = shape.standardize;
    Can model = test::randomisedCan(options);
    const CanInference fused(model, engine);
    if (!fused.supports(engine))
        GTEST_SKIP() << engineName(engine) << " is not in this build";
    EXPECT_EQ(fused.engineFor(shape.height, shape.width).engine, engine);
    const auto images = torch::rand({2, shape.inputChannels, shape.height, shape.width});

    torch::NoGradGuard noGrad;
    const CanOutput expected = model->forward(images);
    const CanOutput actual = fused.forward(images);
    ASSERT_EQ(actual.maskLogits.sizes(), expected.maskLogits.sizes());
    ASSERT_EQ(actual.imageLogits.sizes(), expected.imageLogits.sizes());
    // The logits reach tenths here while 1e-4 is float rounding: a batch normalisation left out or
    // folded wrongly would move them by about their own size.
    EXPECT_GT(expected.maskLogits.abs().max().item<double>(), 0.1);
    EXPECT_LT(maxDifference(actual.maskLogits, expected.maskLogits), 1e-4);
    EXPECT_LT(maxDifference(actual.imageLogits, expected.imageLogits), 1e-4);
    // Channels-last inside, ordinary NCHW tensors outside.
    EXPECT_TRUE(actual.maskLogits.is_contiguous());
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, CanInferenceShapes,
    testing::Combine(testing::Values(Shape{1, 5, 2, 37, 50}, Shape{1, 4, 3, 40, 161},
                                     Shape{3, 2, 1, 24, 30}, Shape{1, 5, 2, 37, 50, true},
                                     Shape{3, 2, 1, 24, 30, true}, Shape{1, 3, 1, 150, 200}),
                     testing::ValuesIn(kInferenceEngines)),
    [](const auto& test) {
        const Shape& shape = std::get<0>(test.param);
        std::string name = std::string(engineName(std::get<1>(test.param))) + "_" +
                           std::to_string(shape.inputChannels) + "ch_pool" +
                           std::to_string(shape.pool) + "_" + std::to_string(shape.height) + "x" +
                           std::to_string(shape.width) + (shape.standardize ? "_std" : "");
        std::replace(name.begin(), name.end(), '-', '_');
        return name;
    });

// A double-precision model: oneDNN's engine is float32 only, and the choice must skip it.
TEST(CanInference, ADoubleModelNeverChoosesTheFloatEngine)
{
    torch::manual_seed(5);
    Can model = test::randomisedCan(CanOptions{});
    model->to(torch::kDouble);
    const CanInference fused(model, std::nullopt, EngineCache(""));
    EXPECT_FALSE(fused.supports(InferenceEngine::OneDnn));
    EXPECT_NE(fused.engineFor(32, 48).engine, InferenceEngine::OneDnn);
    const auto images = torch::rand({1, 1, 32, 48}, torch::kDouble);
    torch::NoGradGuard noGrad;
    EXPECT_LT(maxDifference(fused.forward(images).maskLogits, model->forward(images).maskLogits),
              1e-9);
}

class EngineChoiceTest : public testing::Test {
protected:
    void SetUp() override
    {
        m_folder = std::filesystem::temp_directory_path() /
                   ("dwb-engines-" + std::to_string(::getpid()) + "-" +
                    testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(m_folder);
        ::unsetenv(kEngineVariable);
    }
    void TearDown() override
    {
        std::filesystem::remove_all(m_folder);
        ::unsetenv(kEngineVariable);
    }
    std::filesystem::path cacheFile() const { return m_folder / "engines.tsv"; }

    std::filesystem::path m_folder;
};

TEST_F(EngineChoiceTest, MeasuresOnceThenReusesTheCachedChoice)
{
    torch::manual_seed(1);
    const Can model = test::randomisedCan(CanOptions{});
    const CanInference first(model, std::nullopt, EngineCache(cacheFile()));
    const EngineChoice measured = first.engineFor(40, 60);
    EXPECT_TRUE(measured.reason.starts_with("measured")) << measured.reason;
    for (const InferenceEngine engine : kInferenceEngines) {
        if (first.supports(engine)) {
            EXPECT_NE(measured.reason.find(engineName(engine)), std::string::npos)
                << measured.reason;
        }
    }
    ASSERT_TRUE(std::filesystem::exists(cacheFile()));

    // Another process on this machine: no measurement, the cached engine.
    const CanInference second(model, std::nullopt, EngineCache(cacheFile()));
    const EngineChoice cached = second.engineFor(40, 60);
    EXPECT_EQ(cached.engine, measured.engine);
    EXPECT_TRUE(cached.reason.starts_with("cached")) << cached.reason;

    // The cache decides, whatever it holds: rewrite its engine and a new copy follows it.
    const InferenceEngine other = measured.engine == InferenceEngine::Nchw
                                      ? InferenceEngine::ChannelsLast
                                      : InferenceEngine::Nchw;
    std::ifstream in(cacheFile());
    std::string line;
    std::getline(in, line);
    in.close();
    const auto tab = line.find('\t');
    const std::string key = line.substr(0, tab);
    ASSERT_TRUE(EngineCache(cacheFile()).store(key, {other, "edited"}));
    const CanInference third(model, std::nullopt, EngineCache(cacheFile()));
    EXPECT_EQ(third.engineFor(40, 60).engine, other);
    // A different size is a different key, measured afresh.
    EXPECT_TRUE(third.engineFor(64, 64).reason.starts_with("measured"));
}

TEST_F(EngineChoiceTest, TheEnvironmentOverridesAndATypoIsAnError)
{
    const Can model = test::randomisedCan(CanOptions{});
    ::setenv(kEngineVariable, "channels-last", 1);
    const CanInference fused(model, std::nullopt, EngineCache(cacheFile()));
    const EngineChoice choice = fused.engineFor(40, 60);
    EXPECT_EQ(choice.engine, InferenceEngine::ChannelsLast);
    EXPECT_NE(choice.reason.find(kEngineVariable), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(cacheFile())); // nothing measured, nothing cached

    ::setenv(kEngineVariable, "fastest", 1);
    const auto parsed = engineFromEnvironment();
    ASSERT_FALSE(parsed);
    EXPECT_NE(parsed.error().message.find("fastest"), std::string::npos);
    ::setenv(kEngineVariable, "auto", 1);
    ASSERT_TRUE(engineFromEnvironment());
    EXPECT_FALSE(*engineFromEnvironment());
}

TEST_F(EngineChoiceTest, TheCacheKeepsOtherKeysAndIgnoresMalformedLines)
{
    std::filesystem::create_directories(m_folder);
    {
        std::ofstream out(cacheFile());
        out << "garbage without tabs\nkey b\tno-such-engine\tx\nkey c\tnchw\told\n";
    }
    const EngineCache cache(cacheFile());
    EXPECT_FALSE(cache.lookup("garbage without tabs"));
    EXPECT_FALSE(cache.lookup("key b"));
    ASSERT_TRUE(cache.lookup("key c"));
    ASSERT_TRUE(cache.store("key a", {InferenceEngine::OneDnn, "measured\tnow"}));
    ASSERT_TRUE(cache.store("key c", {InferenceEngine::ChannelsLast, "new"}));
    ASSERT_TRUE(cache.lookup("key a"));
    EXPECT_EQ(cache.lookup("key a")->engine, InferenceEngine::OneDnn);
    EXPECT_EQ(cache.lookup("key a")->detail, "measured now");
    EXPECT_EQ(cache.lookup("key c")->engine, InferenceEngine::ChannelsLast);
    EXPECT_EQ(cache.lookup("key c")->detail, "new");
    // No file named: nothing found, and storing says why.
    EXPECT_FALSE(EngineCache("").lookup("key a"));
    EXPECT_FALSE(EngineCache("").store("key a", {InferenceEngine::Nchw, ""}));
}

TEST(EngineNames, RoundTrip)
{
    for (const InferenceEngine engine : kInferenceEngines)
        EXPECT_EQ(parseEngine(engineName(engine)), engine);
    EXPECT_FALSE(parseEngine("NCHW"));
    EXPECT_FALSE(parseEngine(""));
}

TEST(CpuInfo, ParsesModelFlagsAndCores)
{
    const CpuInfo avx2 =
        parseCpuInfo("processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse4_1 "
                     "avx fma avx2 bmi2\n\nprocessor\t: 1\nmodel name\t: AMD EPYC\n"
                     "flags\t\t: fpu sse4_1 avx fma avx2 bmi2\n");
    EXPECT_EQ(avx2.model, "AMD EPYC");
    EXPECT_EQ(avx2.logicalCores, 2);
    EXPECT_EQ(avx2.flags, (std::vector<std::string>{"sse4_1", "avx", "fma", "avx2"}));
    EXPECT_EQ(avx2.isaFamily(), "avx2");
    const CpuInfo avx512 =
        parseCpuInfo("processor : 0\nmodel name : Xeon\nflags : avx2 avx512f avx512_vnni\n");
    EXPECT_EQ(avx512.isaFamily(), "avx512");
    EXPECT_EQ(parseCpuInfo("").model, "unknown");
    EXPECT_EQ(parseCpuInfo("").isaFamily(), "sse");
    // This machine: whatever it is, the model and the flags are read.
    EXPECT_FALSE(cpuInfo().model.empty());
    EXPECT_GE(cpuInfo().logicalCores, 1);
}

TEST(CanInference, IsACopyThatLaterTrainingDoesNotChange)
{
    torch::manual_seed(3);
    Can model = test::randomisedCan(CanOptions{});
    const CanInference fused(model);
    const auto images = torch::rand({1, 1, 32, 48});
    const CanOutput before = fused.forward(images);
    {
        torch::NoGradGuard noGrad;
        for (auto& parameter : model->parameters())
            parameter.add_(0.5);
    }
    const CanOutput after = fused.forward(images);
    EXPECT_EQ(maxDifference(before.maskLogits, after.maskLogits), 0.0);
}

TEST(CanInference, RecordsNoGradients)
{
    Can model = test::randomisedCan(CanOptions{});
    const CanInference fused(model);
    const auto images = torch::rand({1, 1, 16, 16}).requires_grad_();
    const CanOutput out = fused.forward(images);
    EXPECT_FALSE(out.maskLogits.requires_grad());
    EXPECT_FALSE(out.imageLogits.requires_grad());
    EXPECT_EQ(fused.options().classes, CanOptions{}.classes);
}

// Every engine refuses images with the wrong channel count instead of reading past them.
TEST(CanInference, AWrongChannelCountIsAnErrorOnEveryEngine)
{
    CanOptions options;
    options.inputChannels = 3;
    const Can model = test::randomisedCan(options);
    for (const InferenceEngine engine : kInferenceEngines) {
        const CanInference fused(model, engine);
        EXPECT_THROW(fused.forward(torch::rand({1, 1, 24, 32})), std::invalid_argument)
            << engineName(engine);
    }
}

TEST(CanInference, AnEmptyBatchGivesEmptyOutputs)
{
    const CanInference fused(test::randomisedCan(CanOptions{}));
    const CanOutput out = fused.forward(torch::rand({0, 1, 20, 30}));
    EXPECT_EQ(out.maskLogits.sizes(), (std::vector<int64_t>{0, 5, 20, 30}));
    EXPECT_EQ(out.imageLogits.sizes(), (std::vector<int64_t>{0, 5}));
}

} // namespace
} // namespace dwb
