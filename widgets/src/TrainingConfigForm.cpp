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

namespace dwb {
namespace {

// Beyond the core's year of minutes, so that a too long budget is explained, not clamped.
constexpr double kMaxMinutes = 10.0 * 60 * 24 * 365;
// What the crop side shows while patches are not cropped to a size.
constexpr int kDefaultPatchSide = 128;
constexpr int kDefaultInputSide = 256;

QSpinBox* spinBox(int minimum, int maximum, QWidget* parent)
{
    auto* box = new QSpinBox(parent);
    box->setRange(minimum, maximum);
    return box;
}

QDoubleSpinBox* doubleBox(double minimum, double maximum, int decimals, double step,
                          QWidget* parent)
{
    auto* box = new QDoubleSpinBox(parent);
    box->setRange(minimum, maximum);
    box->setDecimals(decimals);
    box->setSingleStep(step);
    return box;
}

// A share in [0, 1] shown in percent, up to 100 % whatever the core accepts.
QDoubleSpinBox* percentBox(QWidget* parent)
{
    QDoubleSpinBox* box = doubleBox(0.0, 100.0, 1, 5.0, parent);
    box->setSuffix(QStringLiteral(" %"));
    return box;
}

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

void TrainingConfigForm::buildFields(QFormLayout* form)
{
    m_preset = new QComboBox(this);
    m_preset->addItem(tr("Recommended"), static_cast<int>(Preset::Recommended));
    m_preset->addItem(tr("Paper"), static_cast<int>(Preset::Paper));
    m_preset->addItem(tr("Magnetic Tile (paper)"), static_cast<int>(Preset::MagneticTile));
    m_preset->setToolTip(tr("Starting values; the fields below can then be changed. "
                            "Recommended trains best within a time budget; Paper is the "
                            "Guided-Crop paper's own settings."));
    form->addRow(tr("Preset:"), m_preset);

    m_minutes = doubleBox(0.0, kMaxMinutes, 2, 5.0, this);
    m_minutes->setSpecialValueText(tr("None"));
    m_minutes->setSuffix(tr(" min"));
    m_minutes->setToolTip(tr("Train for this long; the schedules follow the share of the budget "
                             "used. None: the epochs decide."));
    form->addRow(tr("Time budget:"), m_minutes);

    m_epochLimit = new QCheckBox(tr("At most"), this);
    m_epochLimit->setToolTip(tr("With a time budget, also stop after this many epochs; "
                                "unchecked, the budget alone ends the run."));
    m_epochs = spinBox(1, kUnboundedEpochs, this);
    m_epochsLabel = new QLabel(tr("Epochs:"), this);
    m_epochsLabel->setBuddy(m_epochs);
    auto* epochs = new QHBoxLayout;
    epochs->addWidget(m_epochLimit);
    epochs->addWidget(m_epochs, 1);
    form->addRow(m_epochsLabel, epochs);
    m_batch = spinBox(1, 4096, this);
    form->addRow(tr("Batch size:"), m_batch);
    m_learningRate = doubleBox(0.000001, 1.0, 6, 0.0001, this);
    form->addRow(tr("Learning rate:"), m_learningRate);

    m_lrSchedule = new QComboBox(this);
    m_lrSchedule->addItem(tr("Constant"), static_cast<int>(LearningRateSchedule::Constant));
    m_lrSchedule->addItem(tr("Cosine"), static_cast<int>(LearningRateSchedule::Cosine));
    m_lrSchedule->addItem(tr("One-cycle"), static_cast<int>(LearningRateSchedule::OneCycle));
    m_warmup = percentBox(this);
    m_warmup->setPrefix(tr("warm-up "));
    m_warmup->setToolTip(tr("Share of the run spent raising the learning rate from 0 "
                            "(at most 50 %)"));
    auto* rate = new QHBoxLayout;
    rate->addWidget(m_lrSchedule, 1);
    rate->addWidget(m_warmup);
    form->addRow(tr("Rate schedule:"), rate);

    m_autoSize = new QCheckBox(tr("From the data"), this);
    m_height = spinBox(8, 8192, this);
    m_width = spinBox(8, 8192, this);
    auto* size = new QHBoxLayout;
    size->addWidget(m_autoSize);
    size->addWidget(m_height);
    size->addWidget(new QLabel(QStringLiteral("×"), this));
    size->addWidget(m_width);
    form->addRow(tr("Input size (H × W):"), size);

    m_device = new QComboBox(this);
    m_device->addItem(tr("Automatic"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    form->addRow(tr("Device:"), m_device);

    m_advancedToggle = new QToolButton(this);
    m_advancedToggle->setText(tr("Advanced"));
    m_advancedToggle->setCheckable(true);
    m_advancedToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_advancedToggle->setAutoRaise(true);
    m_advanced = buildAdvanced();
}

QWidget* TrainingConfigForm::buildAdvanced()
{
    auto* advanced = new QWidget(this);
    auto* form = new QFormLayout(advanced);
    form->setContentsMargins(12, 0, 0, 0);

    m_pool = spinBox(0, 16, advanced);
    m_pool->setSpecialValueText(tr("Paper's rule"));
    form->addRow(tr("Pooling:"), m_pool);

    m_schedule = new QComboBox(advanced);
    m_schedule->addItem(tr("Classification first"),
                        static_cast<int>(LambdaSchedule::ClassificationFirst));
    m_schedule->addItem(tr("Constant"), static_cast<int>(LambdaSchedule::Constant));
    m_schedule->addItem(tr("Segmentation first"),
                        static_cast<int>(LambdaSchedule::SegmentationFirst));
    m_lambdaStart = doubleBox(0.0, 1.0, 2, 0.05, advanced);
    m_lambdaEnd = doubleBox(0.0, 1.0, 2, 0.05, advanced);
    auto* lambda = new QHBoxLayout;
    lambda->addWidget(m_schedule, 1);
    lambda->addWidget(m_lambdaStart);
    lambda->addWidget(new QLabel(QStringLiteral("→"), advanced));
    lambda->addWidget(m_lambdaEnd);
    form->addRow(tr("Lambda:"), lambda);

    m_patchMode = new QComboBox(advanced);
    m_patchMode->addItem(tr("From the data"), static_cast<int>(PatchMode::FromData));
    m_patchMode->addItem(tr("Whole images"), static_cast<int>(PatchMode::WholeImages));
    m_patchMode->addItem(tr("Square crops"), static_cast<int>(PatchMode::Crops));
    m_patchMode->setToolTip(tr("What training sees of each image; validation and inference "
                               "always see whole images"));
    m_patchSize = spinBox(1, 8192, advanced);
    m_patchSize->setSuffix(tr(" px"));
    auto* patches = new QHBoxLayout;
    patches->addWidget(m_patchMode, 1);
    patches->addWidget(m_patchSize);
    form->addRow(tr("Patches:"), patches);
    m_patchDefectShare = percentBox(advanced);
    m_patchDefectShare->setToolTip(tr("Share of the crops centred on a defect pixel"));
    form->addRow(tr("Crops on defects:"), m_patchDefectShare);
    m_cleanShare = percentBox(advanced);
    m_cleanShare->setSpecialValueText(tr("All images"));
    m_cleanShare->setToolTip(tr("Each epoch holds every image with a defect and only as many "
                                "defect-free ones as make up this share of it"));
    form->addRow(tr("Defect-free share:"), m_cleanShare);
    m_diceWeight = doubleBox(0.0, 1000.0, 2, 0.1, advanced);
    m_diceWeight->setToolTip(tr("Weight of a soft Dice term added to the segmentation loss "
                                "(0: the paper's cross-entropy alone)"));
    form->addRow(tr("Dice weight:"), m_diceWeight);

    m_selectBest = new QCheckBox(tr("Keep the best epoch"), advanced);
    m_selectBest->setToolTip(tr("The run's model is the epoch with the best validation score "
                                "instead of the last one"));
    form->addRow(m_selectBest);
    m_patience = spinBox(0, 100000, advanced);
    m_patience->setSpecialValueText(tr("Never"));
    m_patience->setSuffix(tr(" epochs"));
    m_patience->setToolTip(tr("Stop early after this many epochs without a better validation "
                              "score"));
    form->addRow(tr("Early stop after:"), m_patience);
    m_calibrate = new QCheckBox(tr("Calibrate thresholds on the validation split"), advanced);
    m_calibrate->setToolTip(tr("Store per-class image and pixel thresholds with the model, "
                               "chosen on the validation split, instead of one threshold"));
    form->addRow(m_calibrate);

    m_threads = spinBox(0, 1024, advanced);
    m_threads->setSpecialValueText(tr("All cores"));
    form->addRow(tr("Threads:"), m_threads);
    m_seed = spinBox(0, std::numeric_limits<int>::max(), advanced);
    form->addRow(tr("Seed:"), m_seed);
    return advanced;
}

QGroupBox* TrainingConfigForm::buildAugmentation()
{
    m_augment = new QGroupBox(tr("Guided-crop augmentation"), this);
    m_augment->setCheckable(true);
    auto* augment = new QFormLayout(m_augment);
    m_augmentEvery = spinBox(1, 100000, m_augment);
    m_augmentEvery->setSuffix(tr(" epochs"));
    augment->addRow(tr("Every:"), m_augmentEvery);
    m_augmentSets = spinBox(1, 100000, m_augment);
    m_augmentSets->setToolTip(tr("With a time budget: new synthetic sets at evenly spaced "
                                 "shares of the budget"));
    augment->addRow(tr("Sets over the budget:"), m_augmentSets);
    m_augmentCount = spinBox(1, 1000000, m_augment);
    m_augmentCount->setSuffix(tr(" images"));
    augment->addRow(tr("Count:"), m_augmentCount);
    return m_augment;
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
    return m_error->isHidden() ? QString() : m_error->text();
}

void TrainingConfigForm::validate()
{
    QString message;
    if (m_classes <= 0) {
        message = tr("The project has no classes to train.");
    } else if (auto ok = validateTrainingConfig(config(), m_classes); !ok) {
        message = QString::fromStdString(ok.error().message);
    }
    m_valid = message.isEmpty();
    m_error->setText(message);
    m_error->setVisible(!m_valid);
    emit changed();
}

} // namespace dwb
