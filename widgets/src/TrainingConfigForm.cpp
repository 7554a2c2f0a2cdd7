#include "TrainingConfigForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace dwb {
namespace {

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

} // namespace

TrainingConfigForm::TrainingConfigForm(QWidget* parent)
    : QWidget(parent)
{
    buildFields();
    applyPreset(Preset::Default);
}

void TrainingConfigForm::buildFields()
{
    auto* form = new QFormLayout;
    m_preset = new QComboBox(this);
    m_preset->addItem(tr("Default"), static_cast<int>(Preset::Default));
    m_preset->addItem(tr("Magnetic Tile (paper)"), static_cast<int>(Preset::MagneticTile));
    m_preset->setToolTip(tr("Starting values; the fields below can then be changed."));
    form->addRow(tr("Preset:"), m_preset);

    m_epochs = spinBox(1, 100000, this);
    form->addRow(tr("Epochs:"), m_epochs);
    m_batch = spinBox(1, 4096, this);
    form->addRow(tr("Batch size:"), m_batch);
    m_learningRate = doubleBox(0.000001, 1.0, 6, 0.0001, this);
    form->addRow(tr("Learning rate:"), m_learningRate);

    m_autoSize = new QCheckBox(tr("From the data"), this);
    m_height = spinBox(8, 8192, this);
    m_width = spinBox(8, 8192, this);
    auto* size = new QHBoxLayout;
    size->addWidget(m_autoSize);
    size->addWidget(m_height);
    size->addWidget(new QLabel(QStringLiteral("×"), this));
    size->addWidget(m_width);
    form->addRow(tr("Input size (H × W):"), size);

    m_pool = spinBox(0, 16, this);
    m_pool->setSpecialValueText(tr("Paper's rule"));
    form->addRow(tr("Pooling:"), m_pool);

    m_schedule = new QComboBox(this);
    m_schedule->addItem(tr("Classification first"),
                        static_cast<int>(LambdaSchedule::ClassificationFirst));
    m_schedule->addItem(tr("Constant"), static_cast<int>(LambdaSchedule::Constant));
    m_schedule->addItem(tr("Segmentation first"),
                        static_cast<int>(LambdaSchedule::SegmentationFirst));
    m_lambdaStart = doubleBox(0.0, 1.0, 2, 0.05, this);
    m_lambdaEnd = doubleBox(0.0, 1.0, 2, 0.05, this);
    auto* lambda = new QHBoxLayout;
    lambda->addWidget(m_schedule, 1);
    lambda->addWidget(m_lambdaStart);
    lambda->addWidget(new QLabel(QStringLiteral("→"), this));
    lambda->addWidget(m_lambdaEnd);
    form->addRow(tr("Lambda:"), lambda);

    m_threads = spinBox(0, 1024, this);
    m_threads->setSpecialValueText(tr("All cores"));
    form->addRow(tr("Threads:"), m_threads);
    m_device = new QComboBox(this);
    m_device->addItem(tr("Automatic"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    form->addRow(tr("Device:"), m_device);
    m_seed = spinBox(0, std::numeric_limits<int>::max(), this);
    form->addRow(tr("Seed:"), m_seed);

    m_augment = new QGroupBox(tr("Guided-crop augmentation"), this);
    m_augment->setCheckable(true);
    auto* augment = new QFormLayout(m_augment);
    m_augmentEvery = spinBox(1, 100000, m_augment);
    m_augmentEvery->setSuffix(tr(" epochs"));
    augment->addRow(tr("Every:"), m_augmentEvery);
    m_augmentCount = spinBox(1, 1000000, m_augment);
    m_augmentCount->setSuffix(tr(" images"));
    augment->addRow(tr("Count:"), m_augmentCount);

    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_augment);
    layout->addWidget(m_error);

    connect(m_preset, &QComboBox::activated, this,
            [this] { applyPreset(static_cast<Preset>(m_preset->currentData().toInt())); });
    connect(m_autoSize, &QCheckBox::toggled, this, [this](bool automatic) {
        m_height->setEnabled(!automatic);
        m_width->setEnabled(!automatic);
    });
    const auto changedAny = [this] {
        if (!m_loading)
            validate();
    };
    for (QSpinBox* box : {m_epochs, m_batch, m_height, m_width, m_pool, m_threads, m_seed,
                          m_augmentEvery, m_augmentCount})
        connect(box, &QSpinBox::valueChanged, this, changedAny);
    for (QDoubleSpinBox* box : {m_learningRate, m_lambdaStart, m_lambdaEnd})
        connect(box, &QDoubleSpinBox::valueChanged, this, changedAny);
    for (QComboBox* box : {m_schedule, m_device})
        connect(box, &QComboBox::currentIndexChanged, this, changedAny);
    connect(m_autoSize, &QCheckBox::toggled, this, changedAny);
    connect(m_augment, &QGroupBox::toggled, this, changedAny);
}

void TrainingConfigForm::applyPreset(Preset preset)
{
    m_preset->setCurrentIndex(m_preset->findData(static_cast<int>(preset)));
    setConfig(preset == Preset::MagneticTile ? magneticTileConfig() : TrainingConfig{});
}

void TrainingConfigForm::setConfig(const TrainingConfig& config)
{
    m_loading = true;
    m_base = config;
    m_epochs->setValue(config.epochs);
    m_batch->setValue(config.batchSize);
    m_learningRate->setValue(config.learningRate);
    const bool automatic = config.inputHeight == 0 || config.inputWidth == 0;
    m_autoSize->setChecked(automatic);
    m_height->setValue(automatic ? 256 : config.inputHeight);
    m_width->setValue(automatic ? 256 : config.inputWidth);
    m_height->setEnabled(!automatic);
    m_width->setEnabled(!automatic);
    m_pool->setValue(config.pool);
    m_schedule->setCurrentIndex(m_schedule->findData(static_cast<int>(config.schedule)));
    m_lambdaStart->setValue(config.lambdaStart);
    m_lambdaEnd->setValue(config.lambdaEnd);
    m_threads->setValue(config.threads);
    // The form offers what this build can always run; a stored "cuda" falls back to automatic.
    const int device = m_device->findData(QString::fromStdString(config.device));
    m_device->setCurrentIndex(device >= 0 ? device : 0);
    m_seed->setValue(
        static_cast<int>(std::min<std::uint64_t>(config.seed, std::numeric_limits<int>::max())));
    m_augment->setChecked(config.augment);
    m_augmentEvery->setValue(config.augmentEvery);
    m_augmentCount->setValue(config.augmentCount);
    m_loading = false;
    validate();
}

TrainingConfig TrainingConfigForm::config() const
{
    TrainingConfig config = m_base;
    config.epochs = m_epochs->value();
    config.batchSize = m_batch->value();
    config.learningRate = m_learningRate->value();
    config.inputHeight = m_autoSize->isChecked() ? 0 : m_height->value();
    config.inputWidth = m_autoSize->isChecked() ? 0 : m_width->value();
    config.pool = m_pool->value();
    config.schedule = static_cast<LambdaSchedule>(m_schedule->currentData().toInt());
    config.lambdaStart = m_lambdaStart->value();
    config.lambdaEnd = m_lambdaEnd->value();
    config.threads = m_threads->value();
    config.device = m_device->currentData().toString().toStdString();
    config.seed = static_cast<std::uint64_t>(m_seed->value());
    config.augment = m_augment->isChecked();
    config.augmentEvery = m_augmentEvery->value();
    config.augmentCount = m_augmentCount->value();
    return config;
}

void TrainingConfigForm::setClassCount(int classes)
{
    m_classes = classes;
    validate();
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
