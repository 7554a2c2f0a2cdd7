#include "TrainingConfigForm.h"

#include "widgets/WidgetTestSupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSpinBox>

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <type_traits>
#include <vector>

namespace dwb {
namespace {

constexpr int kClasses = 3;

// The form's field whose text (a check box's label, a spin box's prefix or special value)
// is `text`; null when none or several are.
template <typename T>
T* fieldWith(const TrainingConfigForm& form, const QString& text)
{
    T* found = nullptr;
    for (T* field : form.findChildren<T*>()) {
        QString shown;
        if constexpr (std::is_same_v<T, QCheckBox>)
            shown = field->text();
        else
            shown = field->prefix().isEmpty() ? field->specialValueText() : field->prefix();
        if (shown == text) {
            if (found)
                return nullptr;
            found = field;
        }
    }
    return found;
}

// Every knob the form shows away from its default, in values the fields display exactly.
TrainingConfig unusualConfig()
{
    TrainingConfig config;
    config.epochs = 17;
    config.batchSize = 3;
    config.learningRate = 0.00125;
    config.inputHeight = 96;
    config.inputWidth = 160;
    config.pool = 3;
    config.schedule = LambdaSchedule::SegmentationFirst;
    config.lambdaStart = 0.9;
    config.lambdaEnd = 0.15;
    config.threads = 2;
    config.device = "cpu";
    config.seed = 1234;
    config.augment = true;
    config.augmentEvery = 4;
    config.augmentSets = 3;
    config.augmentCount = 77;
    config.minutes = 12.5;
    config.lrSchedule = LearningRateSchedule::OneCycle;
    config.warmup = 0.125;
    config.patchSize = 48;
    config.patchDefectShare = 0.75;
    config.cleanShare = 0.25;
    config.diceWeight = 1.5;
    config.selectBest = false;
    config.patience = 6;
    config.calibrate = false;
    // Not shown: carried through unchanged.
    config.beta1 = 0.95;
    config.lrFinal = 0.05;
    config.threshold = 0.4;
    config.priorBias = false;
    config.standardizeInput = false;
    config.posWeightCls = {2, 3, 4};
    return config;
}

class TrainingConfigFormTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        test::ensureApplication();
        m_form = std::make_unique<TrainingConfigForm>();
        m_form->setClassCount(kClasses);
    }

    // The form's configuration, checked against validateTrainingConfig's verdict and message.
    void expectMessageOfCore()
    {
        const auto verdict = validateTrainingConfig(m_form->config(), kClasses);
        ASSERT_FALSE(verdict);
        EXPECT_FALSE(m_form->isValid());
        EXPECT_EQ(m_form->validationMessage().toStdString(), verdict.error().message);
    }

    std::unique_ptr<TrainingConfigForm> m_form; // made once the application exists
};

} // namespace

TEST_F(TrainingConfigFormTest, RoundTripsEveryField)
{
    TrainingConfig config = unusualConfig();
    m_form->setConfig(config);
    EXPECT_TRUE(m_form->isValid()) << m_form->validationMessage().toStdString();
    EXPECT_EQ(toText(m_form->config()), toText(config));

    // A budget without an epoch limit, and the other two ways of cutting patches.
    config.epochs = kUnboundedEpochs;
    config.patchSize = 0;
    config.lrSchedule = LearningRateSchedule::Cosine;
    m_form->setConfig(config);
    EXPECT_EQ(toText(m_form->config()), toText(config));
    config.patchSize = -1;
    config.minutes = 0;
    config.epochs = 250;
    config.selectBest = true;
    config.calibrate = true;
    m_form->setConfig(config);
    EXPECT_EQ(toText(m_form->config()), toText(config));
}

TEST_F(TrainingConfigFormTest, PresetsGiveTheirConfigurations)
{
    m_form->applyPreset(TrainingConfigForm::Preset::Paper);
    const TrainingConfig paper = m_form->config();
    EXPECT_EQ(toText(paper), toText(paperConfig()));
    EXPECT_DOUBLE_EQ(paper.learningRate, 5e-4);
    EXPECT_DOUBLE_EQ(paper.beta1, 0.99);
    EXPECT_EQ(paper.lrSchedule, LearningRateSchedule::Constant);
    EXPECT_EQ(paper.patchSize, 0) << "whole images";
    EXPECT_DOUBLE_EQ(paper.cleanShare, 0.0);
    EXPECT_FALSE(paper.selectBest);
    EXPECT_FALSE(paper.calibrate);
    EXPECT_DOUBLE_EQ(paper.minutes, 0.0);

    m_form->applyPreset(TrainingConfigForm::Preset::MagneticTile);
    const TrainingConfig tile = m_form->config();
    EXPECT_EQ(toText(tile), toText(magneticTileConfig()));
    EXPECT_EQ(tile.inputHeight, 300);
    EXPECT_EQ(tile.inputWidth, 400);
    EXPECT_EQ(tile.pool, 2);
    EXPECT_EQ(tile.posWeightSeg, (std::vector<double>{18, 13, 18, 13, 7}));

    m_form->applyPreset(TrainingConfigForm::Preset::Recommended);
    TrainingConfig recommended;
    recommended.minutes = 30;
    recommended.epochs = kUnboundedEpochs;
    EXPECT_EQ(toText(m_form->config()), toText(recommended)) << "a half-hour budget";
    EXPECT_TRUE(m_form->isValid()) << m_form->validationMessage().toStdString();

    // The stored values keep their meaning: 0 and 1 are what they were before Paper existed.
    EXPECT_EQ(static_cast<int>(TrainingConfigForm::Preset::Recommended), 0);
    EXPECT_EQ(static_cast<int>(TrainingConfigForm::Preset::MagneticTile), 1);
    EXPECT_EQ(toText(TrainingConfigForm::presetConfig(TrainingConfigForm::Preset::Paper)),
              toText(paperConfig()));
}

TEST_F(TrainingConfigFormTest, BudgetTurnsTheEpochsIntoAnOptionalLimit)
{
    m_form->setConfig(TrainingConfig{}); // an epoch count, no budget
    auto* minutes = fieldWith<QDoubleSpinBox>(*m_form, QStringLiteral("None"));
    auto* limit = fieldWith<QCheckBox>(*m_form, QStringLiteral("At most"));
    ASSERT_TRUE(minutes && limit);
    auto* epochs = m_form->findChild<QSpinBox*>();
    ASSERT_TRUE(epochs);
    ASSERT_EQ(epochs->value(), TrainingConfig{}.epochs) << "the first spin box is the epochs'";
    EXPECT_FALSE(limit->isVisibleTo(m_form.get())) << "no budget, no limit to choose";
    EXPECT_TRUE(epochs->isEnabled());

    minutes->setValue(20);
    EXPECT_TRUE(limit->isVisibleTo(m_form.get()));
    EXPECT_FALSE(epochs->isEnabled());
    EXPECT_DOUBLE_EQ(m_form->config().minutes, 20.0);
    EXPECT_EQ(m_form->config().epochs, kUnboundedEpochs) << "the budget alone ends the run";
    EXPECT_TRUE(m_form->isValid());

    limit->setChecked(true);
    EXPECT_TRUE(epochs->isEnabled());
    EXPECT_EQ(m_form->config().epochs, TrainingConfig{}.epochs);
    epochs->setValue(12);
    EXPECT_EQ(m_form->config().epochs, 12);

    minutes->setValue(0);
    EXPECT_FALSE(limit->isVisibleTo(m_form.get()));
    EXPECT_EQ(m_form->config().epochs, 12);
    EXPECT_DOUBLE_EQ(m_form->config().minutes, 0.0);
}

TEST_F(TrainingConfigFormTest, OutOfRangeValuesShowTheCoresMessage)
{
    m_form->setAdvancedShown(true);
    EXPECT_TRUE(m_form->isAdvancedShown());
    auto* warmup = fieldWith<QDoubleSpinBox>(*m_form, QStringLiteral("warm-up "));
    ASSERT_TRUE(warmup);
    warmup->setValue(80);
    EXPECT_DOUBLE_EQ(m_form->config().warmup, 0.8) << "kept as typed, not clamped";
    expectMessageOfCore();
    EXPECT_EQ(m_form->validationMessage(), QStringLiteral("the warm-up share must be in [0, 0.5]"));
    warmup->setValue(10);
    EXPECT_TRUE(m_form->isValid());
    EXPECT_TRUE(m_form->validationMessage().isEmpty());

    TrainingConfig config;
    config.patchSize = 8;
    m_form->setConfig(config);
    EXPECT_EQ(m_form->config().patchSize, 8);
    expectMessageOfCore();
    EXPECT_TRUE(m_form->validationMessage().contains(QStringLiteral("16 pixels")));

    config.patchSize = 64;
    config.cleanShare = 1.0;
    m_form->setConfig(config);
    expectMessageOfCore();
    config.cleanShare = 0.5;
    config.diceWeight = 250;
    m_form->setConfig(config);
    expectMessageOfCore();
    config.diceWeight = 1;
    config.minutes = 60.0 * 24 * 366;
    m_form->setConfig(config);
    expectMessageOfCore();

    config.minutes = 30;
    m_form->setConfig(config);
    EXPECT_TRUE(m_form->isValid()) << m_form->validationMessage().toStdString();
}

// Zero epochs, a zero batch or a zero learning rate used to snap back in their boxes without a
// word; they are now kept as typed and the core says why they cannot run.
TEST_F(TrainingConfigFormTest, ZeroEpochsBatchOrRateAreExplainedNotSnappedBack)
{
    TrainingConfig config;
    config.minutes = 0; // the epochs decide, so the epoch box counts
    config.epochs = 0;
    m_form->setConfig(config);
    EXPECT_EQ(m_form->config().epochs, 0);
    expectMessageOfCore();
    EXPECT_EQ(m_form->validationMessage(), QStringLiteral("epochs must be at least 1"));

    config.epochs = 5;
    config.batchSize = 0;
    m_form->setConfig(config);
    EXPECT_EQ(m_form->config().batchSize, 0);
    expectMessageOfCore();

    config.batchSize = 8;
    config.learningRate = 0;
    m_form->setConfig(config);
    EXPECT_EQ(m_form->config().learningRate, 0.0);
    expectMessageOfCore();
    EXPECT_EQ(m_form->validationMessage(), QStringLiteral("learning rate must be positive"));
}

// A batch larger than the training split runs, but it is rarely what was meant: the form says
// what will happen without stopping the run.
TEST_F(TrainingConfigFormTest, ABatchLargerThanTheTrainSplitIsPointedOut)
{
    m_form->setTrainData(121, 0, 0);
    TrainingConfig config;
    config.batchSize = 500;
    m_form->setConfig(config);
    EXPECT_TRUE(m_form->isValid());
    EXPECT_TRUE(m_form->validationMessage().isEmpty());
    EXPECT_TRUE(m_form->warningMessage().contains(QStringLiteral("121 training image")))
        << m_form->warningMessage().toStdString();
    config.batchSize = 121;
    m_form->setConfig(config);
    EXPECT_TRUE(m_form->warningMessage().isEmpty());
}

// With "From the data" ticked the size fields showed 256 x 256 while the run used the data's
// size; they now show the size the run will use, and the configuration still asks for it.
TEST_F(TrainingConfigFormTest, FromTheDataShowsTheSizeTheRunWillUse)
{
    auto* automatic = fieldWith<QCheckBox>(*m_form, QStringLiteral("From the data"));
    ASSERT_TRUE(automatic);
    TrainingConfig config;
    m_form->setConfig(config);
    ASSERT_TRUE(automatic->isChecked());
    m_form->setTrainData(40, 128, 96);
    std::vector<int> shown;
    for (QSpinBox* box : m_form->findChildren<QSpinBox*>())
        if (box->minimum() == 8 && box->maximum() == 8192) { // the input size fields
            EXPECT_FALSE(box->isEnabled());
            shown.push_back(box->value());
        }
    std::sort(shown.begin(), shown.end());
    EXPECT_EQ(shown, (std::vector<int>{96, 128})) << "height and width, disabled";
    EXPECT_EQ(m_form->config().inputHeight, 0) << "still chosen from the data by the run";
    EXPECT_EQ(m_form->config().inputWidth, 0);

    // Unticked, the fields start from the data's size.
    automatic->setChecked(false);
    EXPECT_EQ(m_form->config().inputHeight, 128);
    EXPECT_EQ(m_form->config().inputWidth, 96);
}

TEST_F(TrainingConfigFormTest, AdvancedGroupStartsCollapsed)
{
    TrainingConfigForm form;
    EXPECT_FALSE(form.isAdvancedShown());
    auto* calibrate =
        fieldWith<QCheckBox>(form, QStringLiteral("Calibrate thresholds on the validation split"));
    ASSERT_TRUE(calibrate);
    EXPECT_FALSE(calibrate->isVisibleTo(&form));
    form.setAdvancedShown(true);
    EXPECT_TRUE(calibrate->isVisibleTo(&form));
    // Collapsed fields still take part: unchecking one is in the configuration.
    form.setAdvancedShown(false);
    calibrate->setChecked(false);
    EXPECT_FALSE(form.config().calibrate);
}

} // namespace dwb
