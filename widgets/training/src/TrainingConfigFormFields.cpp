// The training form's fields and their layout: the main rows, the advanced ones, augmentation.

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
    // Down to 0 (and a rate of 0) so that validation says why, instead of the box snapping back.
    m_epochs = spinBox(0, kUnboundedEpochs, this);
    m_epochsLabel = new QLabel(tr("Epochs:"), this);
    m_epochsLabel->setBuddy(m_epochs);
    auto* epochs = new QHBoxLayout;
    epochs->addWidget(m_epochLimit);
    epochs->addWidget(m_epochs, 1);
    form->addRow(m_epochsLabel, epochs);
    addRateRows(form);

    m_autoSize = new QCheckBox(tr("From the data"), this);
    m_autoSize->setToolTip(tr("The train split's median image size, a multiple of 8, scaled down "
                              "to at most as many pixels as 256 x 1600; the fields show what "
                              "the run will use"));
    m_height = spinBox(8, 8192, this);
    m_width = spinBox(8, 8192, this);
    auto* size = new QHBoxLayout;
    size->addWidget(m_autoSize);
    size->addWidget(m_height);
    size->addWidget(new QLabel(QStringLiteral("×"), this));
    size->addWidget(m_width);
    form->addRow(tr("Input size (H × W):"), size);

    m_device = new QComboBox(this);
    m_device->setToolTip(tr("Automatic trains on a CUDA GPU when this build and machine have one, "
                            "else on the CPU"));
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

void TrainingConfigForm::addRateRows(QFormLayout* form)
{
    m_batch = spinBox(0, 4096, this);
    m_batch->setToolTip(tr("Images (or patches) per optimisation step"));
    form->addRow(tr("Batch size:"), m_batch);
    m_learningRate = doubleBox(0.0, 1.0, 6, 0.0001, this);
    m_learningRate->setToolTip(tr("Adam's step size at the top of the schedule"));
    form->addRow(tr("Learning rate:"), m_learningRate);

    m_lrSchedule = new QComboBox(this);
    m_lrSchedule->setToolTip(tr("How the learning rate moves over the run: constant, a cosine "
                                "decay, or one cycle up and down"));
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
}

QWidget* TrainingConfigForm::buildAdvanced()
{
    auto* advanced = new QWidget(this);
    auto* form = new QFormLayout(advanced);
    form->setContentsMargins(12, 0, 0, 0);

    m_pool = spinBox(0, 16, advanced);
    m_pool->setToolTip(tr("Average-pooling kernel and stride before the dilated layers: the "
                          "network works at 1/pool of the input resolution. The paper's rule: "
                          "2 for inputs up to about 400 px a side, 3 beyond"));
    m_pool->setSpecialValueText(tr("Paper's rule"));
    form->addRow(tr("Pooling:"), m_pool);

    m_schedule = new QComboBox(advanced);
    m_schedule->setToolTip(tr("Lambda weighs the image-level (classification) loss against the "
                              "pixel-level one. Classification first lowers it from the start "
                              "value to the end value over the run, as the paper does; "
                              "segmentation first raises it from the end value to the start "
                              "value; constant keeps the start value"));
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

    addPatchRows(form, advanced);
    addSelectionRows(form, advanced);

    m_threads = spinBox(0, 1024, advanced);
    m_threads->setToolTip(tr("CPU threads for training; all cores by default"));
    m_threads->setSpecialValueText(tr("All cores"));
    form->addRow(tr("Threads:"), m_threads);
    m_seed = spinBox(0, std::numeric_limits<int>::max(), advanced);
    m_seed->setToolTip(tr("The same seed, data and settings give the same run"));
    form->addRow(tr("Seed:"), m_seed);
    return advanced;
}

void TrainingConfigForm::addPatchRows(QFormLayout* form, QWidget* advanced)
{
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
}

void TrainingConfigForm::addSelectionRows(QFormLayout* form, QWidget* advanced)
{
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
}

QGroupBox* TrainingConfigForm::buildAugmentation()
{
    m_augment = new QGroupBox(tr("Guided-crop augmentation"), this);
    m_augment->setCheckable(true);
    auto* augment = new QFormLayout(m_augment);
    m_augmentEvery = spinBox(1, 100000, m_augment);
    m_augmentEvery->setToolTip(tr("Without a time budget: a new synthetic set every this many "
                                  "epochs"));
    m_augmentEvery->setSuffix(tr(" epochs"));
    augment->addRow(tr("Every:"), m_augmentEvery);
    m_augmentSets = spinBox(1, 100000, m_augment);
    m_augmentSets->setToolTip(tr("With a time budget: new synthetic sets at evenly spaced "
                                 "shares of the budget"));
    augment->addRow(tr("Sets over the budget:"), m_augmentSets);
    m_augmentCount = spinBox(1, 1000000, m_augment);
    m_augmentCount->setToolTip(tr("Synthetic images in each set, pasted from the train split's "
                                  "defects"));
    m_augmentCount->setSuffix(tr(" images"));
    augment->addRow(tr("Count:"), m_augmentCount);
    return m_augment;
}

} // namespace dwb
