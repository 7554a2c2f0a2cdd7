#include "TrainingConfigForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

namespace dwb {
namespace {

// What the crop side shows while patches are not cropped to a size.
constexpr int kDefaultPatchSide = 128;
constexpr int kDefaultInputSide = 256;

} // namespace

TrainingConfigForm::TrainingConfigForm(QWidget* parent)
    : QWidget(parent)
{
    auto* form = new QFormLayout;
    buildFields(form);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_advancedToggle);
    layout->addWidget(m_advanced);
    layout->addWidget(buildAugmentation());
    layout->addWidget(m_error);
    connectFields();
    setAdvancedShown(false);
    applyPreset(Preset::Recommended);
}

void TrainingConfigForm::connectFields()
{
    connect(m_preset, &QComboBox::activated, this,
            [this] { applyPreset(static_cast<Preset>(m_preset->currentData().toInt())); });
    connect(m_advancedToggle, &QToolButton::toggled, this, &TrainingConfigForm::setAdvancedShown);
    const auto changedAny = [this] {
        updateEnabled();
        if (!m_loading)
            validate();
    };
    for (QSpinBox* box : {m_epochs, m_batch, m_height, m_width, m_pool, m_threads, m_seed,
                          m_patchSize, m_patience, m_augmentEvery, m_augmentSets, m_augmentCount})
        connect(box, &QSpinBox::valueChanged, this, changedAny);
    for (QDoubleSpinBox* box : {m_minutes, m_learningRate, m_warmup, m_lambdaStart, m_lambdaEnd,
                                m_patchDefectShare, m_cleanShare, m_diceWeight})
        connect(box, &QDoubleSpinBox::valueChanged, this, changedAny);
    for (QComboBox* box : {m_lrSchedule, m_schedule, m_patchMode, m_device})
        connect(box, &QComboBox::currentIndexChanged, this, changedAny);
    for (QCheckBox* box : {m_epochLimit, m_autoSize, m_selectBest, m_calibrate})
        connect(box, &QCheckBox::toggled, this, changedAny);
    connect(m_augment, &QGroupBox::toggled, this, changedAny);
}

// Fields that the others make meaningless are disabled rather than hidden, so that the form
// does not jump; the epoch limit's check box only exists for a budget.
void TrainingConfigForm::updateEnabled()
{
    const bool budget = m_minutes->value() > 0;
    m_epochLimit->setVisible(budget);
    m_epochs->setEnabled(!budget || m_epochLimit->isChecked());
    m_epochsLabel->setText(budget ? tr("Epoch limit:") : tr("Epochs:"));
    m_height->setEnabled(!m_autoSize->isChecked());
    m_width->setEnabled(!m_autoSize->isChecked());
    showDataSize();
    const auto mode = static_cast<PatchMode>(m_patchMode->currentData().toInt());
    m_patchSize->setEnabled(mode == PatchMode::Crops);
    m_patchDefectShare->setEnabled(mode != PatchMode::WholeImages);
    m_augmentEvery->setEnabled(!budget);
    m_augmentSets->setEnabled(budget);
}

TrainingConfig TrainingConfigForm::presetConfig(Preset preset)
{
    switch (preset) {
    case Preset::MagneticTile:
        return magneticTileConfig();
    case Preset::Paper:
        return paperConfig();
    case Preset::Recommended:
        break;
    }
    // Half an hour, the schedules over it: what docs/results.md measures on Magnetic Tile.
    TrainingConfig recommended;
    recommended.minutes = 30;
    recommended.epochs = kUnboundedEpochs;
    return recommended;
}

void TrainingConfigForm::applyPreset(Preset preset)
{
    m_preset->setCurrentIndex(m_preset->findData(static_cast<int>(preset)));
    setConfig(presetConfig(preset));
}

void TrainingConfigForm::setConfig(const TrainingConfig& config)
{
    m_loading = true;
    m_base = config;
    m_minutes->setValue(config.minutes);
    const bool bounded = config.minutes <= 0 || config.epochs < kUnboundedEpochs;
    m_epochLimit->setChecked(bounded && config.minutes > 0);
    // An unbounded budgeted run keeps the field at the recommended count for when the budget
    // is removed.
    m_epochs->setValue(bounded ? config.epochs : TrainingConfig{}.epochs);
    m_batch->setValue(config.batchSize);
    m_learningRate->setValue(config.learningRate);
    m_lrSchedule->setCurrentIndex(m_lrSchedule->findData(static_cast<int>(config.lrSchedule)));
    m_warmup->setValue(config.warmup * 100);
    const bool automatic = config.inputHeight == 0 || config.inputWidth == 0;
    m_autoSize->setChecked(automatic);
    m_height->setValue(automatic ? kDefaultInputSide : config.inputHeight);
    m_width->setValue(automatic ? kDefaultInputSide : config.inputWidth);
    // The form offers what this build can always run; a stored "cuda" falls back to automatic.
    const int device = m_device->findData(QString::fromStdString(config.device));
    m_device->setCurrentIndex(device >= 0 ? device : 0);

    m_pool->setValue(config.pool);
    m_schedule->setCurrentIndex(m_schedule->findData(static_cast<int>(config.schedule)));
    m_lambdaStart->setValue(config.lambdaStart);
    m_lambdaEnd->setValue(config.lambdaEnd);
    const PatchMode mode = config.patchSize < 0    ? PatchMode::FromData
                           : config.patchSize == 0 ? PatchMode::WholeImages
                                                   : PatchMode::Crops;
    m_patchMode->setCurrentIndex(m_patchMode->findData(static_cast<int>(mode)));
    m_patchSize->setValue(mode == PatchMode::Crops ? config.patchSize : kDefaultPatchSide);
    m_patchDefectShare->setValue(config.patchDefectShare * 100);
    m_cleanShare->setValue(config.cleanShare * 100);
    m_diceWeight->setValue(config.diceWeight);
    m_selectBest->setChecked(config.selectBest);
    m_patience->setValue(config.patience);
    m_calibrate->setChecked(config.calibrate);
    m_threads->setValue(config.threads);
    m_seed->setValue(
        static_cast<int>(std::min<std::uint64_t>(config.seed, std::numeric_limits<int>::max())));

    m_augment->setChecked(config.augment);
    m_augmentEvery->setValue(config.augmentEvery);
    m_augmentSets->setValue(config.augmentSets);
    m_augmentCount->setValue(config.augmentCount);
    m_loading = false;
    updateEnabled();
    validate();
}

TrainingConfig TrainingConfigForm::config() const
{
    TrainingConfig config = m_base;
    config.minutes = m_minutes->value();
    const bool unbounded = config.minutes > 0 && !m_epochLimit->isChecked();
    config.epochs = unbounded ? kUnboundedEpochs : m_epochs->value();
    config.batchSize = m_batch->value();
    config.learningRate = m_learningRate->value();
    config.lrSchedule = static_cast<LearningRateSchedule>(m_lrSchedule->currentData().toInt());
    config.warmup = m_warmup->value() / 100;
    config.inputHeight = m_autoSize->isChecked() ? 0 : m_height->value();
    config.inputWidth = m_autoSize->isChecked() ? 0 : m_width->value();
    config.device = m_device->currentData().toString().toStdString();

    config.pool = m_pool->value();
    config.schedule = static_cast<LambdaSchedule>(m_schedule->currentData().toInt());
    config.lambdaStart = m_lambdaStart->value();
    config.lambdaEnd = m_lambdaEnd->value();
    switch (static_cast<PatchMode>(m_patchMode->currentData().toInt())) {
    case PatchMode::FromData:
        config.patchSize = -1;
        break;
    case PatchMode::WholeImages:
        config.patchSize = 0;
        break;
    case PatchMode::Crops:
        config.patchSize = m_patchSize->value();
        break;
    }
    config.patchDefectShare = m_patchDefectShare->value() / 100;
    config.cleanShare = m_cleanShare->value() / 100;
    config.diceWeight = m_diceWeight->value();
    config.selectBest = m_selectBest->isChecked();
    config.patience = m_patience->value();
    config.calibrate = m_calibrate->isChecked();
    config.threads = m_threads->value();
    config.seed = static_cast<std::uint64_t>(m_seed->value());

    config.augment = m_augment->isChecked();
    config.augmentEvery = m_augmentEvery->value();
    config.augmentSets = m_augmentSets->value();
    config.augmentCount = m_augmentCount->value();
    return config;
}

void TrainingConfigForm::setClassCount(int classes)
{
    m_classes = classes;
    validate();
}

void TrainingConfigForm::setTrainData(int images, int inputHeight, int inputWidth)
{
    m_trainImages = images;
    m_dataHeight = inputHeight;
    m_dataWidth = inputWidth;
    showDataSize();
    validate();
}

// While "From the data" is ticked the size fields show what the run will use.
void TrainingConfigForm::showDataSize()
{
    if (!m_autoSize->isChecked() || m_dataHeight <= 0 || m_dataWidth <= 0)
        return;
    const bool loading = std::exchange(m_loading, true);
    m_height->setValue(m_dataHeight);
    m_width->setValue(m_dataWidth);
    m_loading = loading;
}

bool TrainingConfigForm::isAdvancedShown() const
{
    return !m_advanced->isHidden();
}

void TrainingConfigForm::setAdvancedShown(bool shown)
{
    m_advanced->setVisible(shown);
    m_advancedToggle->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    if (m_advancedToggle->isChecked() != shown)
        m_advancedToggle->setChecked(shown);
}

QString TrainingConfigForm::validationMessage() const
{
    return m_valid ? QString() : m_error->text();
}

void TrainingConfigForm::validate()
{
    QString message;
    const TrainingConfig current = config();
    if (m_classes <= 0) {
        message = tr("The project has no classes to train.");
    } else if (auto ok = validateTrainingConfig(current, m_classes); !ok) {
        message = QString::fromStdString(ok.error().message);
    }
    m_valid = message.isEmpty();
    m_warning.clear();
    if (m_valid && m_trainImages > 0 && current.batchSize > m_trainImages)
        m_warning = tr("A batch of %1 is more than the %n training image(s): each step sees the "
                       "whole split, so an epoch is one step.",
                       nullptr, m_trainImages)
                        .arg(current.batchSize);
    m_error->setText(m_valid ? m_warning : message);
    // Red stops the run; amber only says what will happen.
    m_error->setStyleSheet(m_valid ? QStringLiteral("color: #8a5a00;")
                                   : QStringLiteral("color: #c62828;"));
    m_error->setVisible(!m_error->text().isEmpty());
    emit changed();
}

} // namespace dwb
