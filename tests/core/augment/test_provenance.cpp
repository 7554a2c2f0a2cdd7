// size: one suite over shared fixtures; each test reads best top to bottom, as a scenario.

#include "dwb/augment/GuidedCropAugmenter.h"
#include "dwb/augment/Provenance.h"
#include "dwb/storage/ProjectDb.h"

#include "AugmentFixtures.h"
#include "support/TempDir.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <limits>

namespace dwb {
namespace {

Provenance awkwardProvenance()
{
    Provenance p;
    p.seed = std::numeric_limits<std::uint64_t>::max();
    p.width = 400;
    p.height = 300;
    p.baseSampleId = 17;
    p.baseDefective = true;
    p.primaryClass = 2;
    p.classProbabilities = {0.1, 1.0 / 3, 0.5666666666666667, 0.0};
    p.layoutBits = 0b0110;
    p.pastes.push_back({5, 2, 3, {10, 20, 30, 40}, {7, 8}, 3, {-12.345678901234567, 0.8125}});
    p.pastes.push_back({6, 1, 0, {0, 0, 1, 1}, {399, 299}, 0, {1e-300, 1.2}});
    p.borders = {true, false, false, true};
    p.flipHorizontal = true;
    p.shiftMode = ShiftMode::Mirror;
    p.shiftX = 0;
    p.shiftY = -150;
    p.finalJitter = {2.5, 0.9000000000000001};
    p.classBits = 0b0110;
    return p;
}

TEST(Provenance, JsonRoundTripIsExact)
{
    const Provenance p = awkwardProvenance();
    const std::string json = provenanceToJson(p);
    EXPECT_EQ(json.find('\n'), std::string::npos) << "one line";
    EXPECT_EQ(json.rfind(R"({"format":"dwb-provenance/1","seed":18446744073709551615,)", 0), 0u)
        << json;
    EXPECT_NE(json.find(R"("crop":[10,20,30,40],"position":[7,8],"rotation":3)"), std::string::npos)
        << json;
    auto parsed = provenanceFromJson(json);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, p);
    EXPECT_EQ(provenanceToJson(*parsed), json);
}

TEST(Provenance, ParserAcceptsWhitespaceAndOtherKeyOrder)
{
    const std::string json = provenanceToJson(awkwardProvenance());
    std::string spaced;
    for (const char c : json) {
        spaced += c;
        if (c == ',' || c == ':' || c == '[' || c == '{')
            spaced += "\n  ";
    }
    auto parsed = provenanceFromJson(spaced);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, awkwardProvenance());
}

// Records written before the shift mode was stored scrolled with wrap-around: they still replay
// as they were made. An unknown mode is an error naming the field.
TEST(Provenance, ShiftModeDefaultsToWrapForOlderRecords)
{
    std::string json = provenanceToJson(awkwardProvenance());
    const std::string field = R"("shift_mode":"mirror",)";
    ASSERT_NE(json.find(field), std::string::npos) << json;
    std::string older = json;
    older.erase(older.find(field), field.size());
    auto parsed = provenanceFromJson(older);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->shiftMode, ShiftMode::Wrap);

    std::string unknown = json;
    unknown.replace(unknown.find("mirror"), 6, "spiral");
    auto bad = provenanceFromJson(unknown);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::Corrupt);
    EXPECT_NE(bad.error().message.find("shift_mode"), std::string::npos) << bad.error().message;
}

TEST(Provenance, MalformedTextNamesTheProblem)
{
    const std::string json = provenanceToJson(awkwardProvenance());
    auto truncated = provenanceFromJson(json.substr(0, json.size() / 2));
    ASSERT_FALSE(truncated);
    EXPECT_EQ(truncated.error().code, ErrorCode::Corrupt);
    EXPECT_NE(truncated.error().message.find("malformed JSON at byte"), std::string::npos);

    std::string other = json;
    other.replace(other.find("dwb-provenance/1"), 16, "dwb-provenance/9");
    auto format = provenanceFromJson(other);
    ASSERT_FALSE(format);
    EXPECT_NE(format.error().message.find("'format' is 'dwb-provenance/9'"), std::string::npos);

    std::string noCrop = json;
    noCrop.replace(noCrop.find("\"crop\""), 6, "\"crap\"");
    auto missing = provenanceFromJson(noCrop);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("'pastes[0].crop' missing"), std::string::npos)
        << missing.error().message;

    std::string negative = json;
    negative.replace(negative.find("\"class_bits\":6"), 14, "\"class_bits\":-6");
    auto sign = provenanceFromJson(negative);
    ASSERT_FALSE(sign);
    EXPECT_NE(sign.error().message.find("'class_bits'"), std::string::npos);

    EXPECT_FALSE(provenanceFromJson("[]"));
    EXPECT_FALSE(provenanceFromJson(json + "x"));
    EXPECT_FALSE(provenanceFromJson(std::string(200, '[')));
}

std::vector<std::uint8_t> png(const cv::Mat& image)
{
    std::vector<std::uint8_t> bytes;
    cv::imencode(".png", image, bytes);
    return bytes;
}

// Stored, read back and replayed: the provenance in the project is enough to rebuild the image.
TEST(Provenance, RoundTripsThroughTheProjectDatabase)
{
    test::TempDir dir;
    auto project = ProjectDb::create(dir / "p.dwb");
    ASSERT_TRUE(project);
    const auto pool = test::smallPool();
    auto augmenter = GuidedCropAugmenter::create(pool, 3);
    ASSERT_TRUE(augmenter);
    auto run = project->createRun("config", "cpu");
    ASSERT_TRUE(run);

    std::vector<SyntheticSample> generated;
    for (int i = 0; i < 3; ++i) {
        auto sample =
            augmenter->generate(std::vector<double>{1, 1, 1}, GuidedCropAugmenter::imageSeed(3, i));
        ASSERT_TRUE(sample);
        SyntheticSampleRecord record;
        record.runId = i == 0 ? std::nullopt : std::optional(*run);
        record.seed = sample->provenance.seed;
        record.baseSampleId = sample->provenance.baseSampleId;
        record.classBits = sample->classBits;
        record.provenance = provenanceToJson(sample->provenance);
        if (i < 2) {
            record.imagePng = png(sample->image);
            record.maskPng = *encodeClassMaskPng(sample->mask);
        }
        auto id = project->addSyntheticSample(record);
        ASSERT_TRUE(id) << id.error().message;
        generated.push_back(std::move(*sample));
    }

    auto all = project->syntheticSamples(std::nullopt, true);
    ASSERT_TRUE(all) << all.error().message;
    ASSERT_EQ(all->size(), 3u);
    EXPECT_FALSE((*all)[0].runId);
    EXPECT_EQ((*all)[1].runId, *run);
    EXPECT_TRUE((*all)[2].imagePng.empty()) << "stored without PNGs";
    EXPECT_FALSE((*all)[0].createdAt.empty());
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& record = (*all)[i];
        EXPECT_EQ(record.seed, generated[i].provenance.seed);
        EXPECT_EQ(record.classBits, generated[i].classBits);
        auto provenance = provenanceFromJson(record.provenance);
        ASSERT_TRUE(provenance) << provenance.error().message;
        EXPECT_EQ(*provenance, generated[i].provenance);
        auto replayed = replay(*provenance, pool);
        ASSERT_TRUE(replayed) << replayed.error().message;
        EXPECT_EQ(cv::norm(replayed->image, generated[i].image, cv::NORM_INF), 0.0);
        if (i < 2) {
            const cv::Mat image = cv::imdecode(record.imagePng, cv::IMREAD_UNCHANGED);
            EXPECT_EQ(cv::norm(image, generated[i].image, cv::NORM_INF), 0.0);
            auto mask = decodeClassMaskPng(record.maskPng);
            ASSERT_TRUE(mask);
            EXPECT_EQ(cv::norm(*mask, generated[i].mask, cv::NORM_INF), 0.0);
        }
    }
    auto ofRun = project->syntheticSamples(*run);
    ASSERT_TRUE(ofRun);
    ASSERT_EQ(ofRun->size(), 2u);
    EXPECT_TRUE((*ofRun)[0].imagePng.empty()) << "PNGs only when asked";
    EXPECT_EQ((*ofRun)[0].provenance, (*all)[1].provenance);
}

TEST(Provenance, OlderProjectsGainTheSyntheticTable)
{
    test::TempDir dir;
    {
        auto v3 = ProjectDb::createAtVersion(dir / "old.dwb", 3);
        ASSERT_TRUE(v3) << v3.error().message;
        EXPECT_FALSE(v3->syntheticSamples()) << "no table before the migration";
    }
    auto project = ProjectDb::open(dir / "old.dwb");
    ASSERT_TRUE(project) << project.error().message;
    EXPECT_EQ(*project->schemaVersion(), ProjectDb::kSchemaVersion);
    SyntheticSampleRecord record;
    record.seed = 1;
    record.provenance = "{}";
    ASSERT_TRUE(project->addSyntheticSample(record));
    EXPECT_EQ(project->syntheticSamples()->size(), 1u);
}

TEST(Provenance, AugmentationTriggersAreStoredAndReplacedPerEpoch)
{
    test::TempDir dir;
    auto project = ProjectDb::create(dir / "p.dwb");
    ASSERT_TRUE(project);
    auto run = project->createRun("epochs 2\n", "cpu");
    ASSERT_TRUE(run);
    AugmentationRecord trigger{3, "validation-loss", 2, 0.25, {{0, 0.7, 2}, {1, 0.3, 1}}};
    std::vector<SyntheticSampleRecord> samples(2);
    samples[0].seed = 11;
    samples[0].provenance = R"({"seed": 11})";
    samples[1].seed = 12;
    samples[1].provenance = R"({"seed": 12})";
    ASSERT_TRUE(project->recordAugmentation(*run, trigger, samples));
    // A resumed run regenerates the same trigger: the record is replaced, not doubled.
    samples[1].seed = 13;
    ASSERT_TRUE(project->recordAugmentation(*run, trigger, samples));
    ASSERT_TRUE(project->recordAugmentation(*run, {0, "inverse-frequency", 1, 0.1, {{0, 0.5, 1}}},
                                            {samples[0]}));

    auto triggers = project->runAugmentations(*run);
    ASSERT_TRUE(triggers) << triggers.error().message;
    ASSERT_EQ(triggers->size(), 2u);
    EXPECT_EQ((*triggers)[0].epoch, 0);
    EXPECT_EQ((*triggers)[0].mode, "inverse-frequency");
    EXPECT_EQ((*triggers)[1].epoch, 3);
    EXPECT_EQ((*triggers)[1].images, 2);
    EXPECT_DOUBLE_EQ((*triggers)[1].seconds, 0.25);
    ASSERT_EQ((*triggers)[1].classes.size(), 2u);
    EXPECT_DOUBLE_EQ((*triggers)[1].classes[0].probability, 0.7);
    EXPECT_EQ((*triggers)[1].classes[1].generated, 1);

    auto stored = project->syntheticSamples(*run);
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->size(), 3u);
    EXPECT_EQ((*stored)[0].epoch, 3);
    EXPECT_EQ((*stored)[1].seed, 13u) << "the second recording replaced the first";
    EXPECT_EQ((*stored)[2].epoch, 0);
    EXPECT_EQ((*stored)[2].runId, *run);
    EXPECT_TRUE(project->runAugmentations(*run + 1)->empty());
}

} // namespace
} // namespace dwb
