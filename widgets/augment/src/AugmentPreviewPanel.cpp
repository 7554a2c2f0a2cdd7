#include "dwb/widgets/AugmentPreviewPanel.h"

#include "AugmentProvenanceView.h"
#include "MatImage.h"

#include "dwb/augment/GuidedCropPool.h"
#include "dwb/widgets/BackgroundJobs.h"
#include "dwb/widgets/ClassOverlay.h"
#include "dwb/widgets/ProjectContext.h"
#include "dwb/widgets/UiHelpers.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

namespace dwb {

struct AugmentPreviewResult {
    QImage image;
    QImage overlay;
    Provenance provenance;
};

// What one generation hands back to the GUI thread.
struct AugmentPreviewGeneration {
    std::shared_ptr<const GuidedCropPool> pool;
    std::vector<AugmentPreviewResult> results;
    std::vector<double> probabilities;
    std::int64_t latestRun = 0;
    std::string error;
};

namespace {

constexpr int kMaxSide = 512;
constexpr int kIconSide = AugmentProvenanceView::kIconSide;

ClassWeighting weightingOf(AugmentPreviewPanel::Mode mode)
{
    switch (mode) {
    case AugmentPreviewPanel::Mode::LatestRun:
        return ClassWeighting::LatestRun;
    case AugmentPreviewPanel::Mode::Manual:
        return ClassWeighting::Manual;
    case AugmentPreviewPanel::Mode::InverseFrequency:
        break;
    }
    return ClassWeighting::InverseFrequency;
}

QImage iconImage(const QImage& image, const QImage& overlay, int side)
{
    QImage canvas = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    if (!overlay.isNull()) {
        QPainter painter(&canvas);
        painter.drawImage(0, 0, overlay);
    }
    return canvas.scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

// The project's training images for previews, on its own read-only connection.
Result<std::shared_ptr<const GuidedCropPool>> preparePool(const QString& path)
{
    auto project = ProjectContext::connect(path, ProjectDb::Access::ReadOnly);
    if (!project)
        return std::unexpected(project.error());
    GuidedCropPoolOptions options;
    options.maxSide = kMaxSide;
    options.anySplitWithoutTrain = true; // a project without splits still previews
    auto prepared = GuidedCropPool::prepare(*project, options);
    if (!prepared)
        return std::unexpected(prepared.error());
    return std::make_shared<const GuidedCropPool>(std::move(*prepared));
}

// Prepares the pool (first time only) and generates, all on the worker thread.
AugmentPreviewGeneration generateIn(std::shared_ptr<const GuidedCropPool> pool, const QString& path,
                                    ClassWeighting weighting, const std::vector<double>& weights,
                                    int count, std::uint64_t seed,
                                    const std::vector<ClassInfo>& classes)
{
    AugmentPreviewGeneration out;
    if (!pool) {
        auto prepared = preparePool(path);
        if (!prepared) {
            out.error = prepared.error().message;
            return out;
        }
        pool = std::move(*prepared);
    }
    out.pool = pool;
    auto sampler = pool->sampler(weighting, weights);
    if (!sampler) {
        out.error = sampler.error().message;
        return out;
    }
    auto samples = pool->generate(*sampler, count, seed);
    if (!samples) {
        out.error = samples.error().message;
        return out;
    }
    for (const SyntheticSample& sample : *samples) {
        AugmentPreviewResult& result = out.results.emplace_back();
        result.image = imageFromMat(sample.image);
        result.overlay = renderClassOverlay(classMaskImage(sample.mask), classes, {});
        result.provenance = sample.provenance;
    }
    out.probabilities = sampler->probabilities();
    out.latestRun = pool->latestRun();
    return out;
}

} // namespace

AugmentPreviewPanel::AugmentPreviewPanel(QWidget* parent)
    : QWidget(parent)
    , m_jobs(new BackgroundJobs(1, this))
    , m_mode(new QComboBox(this))
    , m_count(new QSpinBox(this))
    , m_seed(new QSpinBox(this))
    , m_sliderBox(new QWidget(this))
    , m_generate(new QPushButton(tr("&Generate"), this))
    , m_status(new QLabel(this))
    , m_results(new QListWidget(this))
    , m_details(new AugmentProvenanceView(this))
{
    m_mode->addItem(tr("Inverse class frequency"), static_cast<int>(Mode::InverseFrequency));
    m_mode->addItem(tr("Latest run's validation losses"), static_cast<int>(Mode::LatestRun));
    m_mode->addItem(tr("Manual weights"), static_cast<int>(Mode::Manual));
    m_mode->setToolTip(tr("Where the class probabilities come from: inverse frequency is what "
                          "training uses before its first validation"));
    m_count->setRange(1, 500);
    m_count->setValue(24);
    m_seed->setRange(0, 1'000'000);
    m_seed->setValue(1);
    new QVBoxLayout(m_sliderBox);
    m_sliderBox->layout()->setContentsMargins(0, 0, 0, 0);
    m_sliderBox->setVisible(false);
    m_status->setWordWrap(true);

    m_results->setViewMode(QListView::IconMode);
    m_results->setResizeMode(QListView::Adjust);
    m_results->setMovement(QListView::Static);
    m_results->setUniformItemSizes(true);
    m_results->setIconSize({kIconSide, kIconSide});
    m_results->setSpacing(4);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(makeSplitter());

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        m_sliderBox->setVisible(m_mode->currentData().toInt() == static_cast<int>(Mode::Manual));
    });
    connect(m_generate, &QPushButton::clicked, this, &AugmentPreviewPanel::generate);
    connect(m_results, &QListWidget::currentRowChanged, this, &AugmentPreviewPanel::showProvenance);
    connect(m_details, &AugmentProvenanceView::sampleActivated, this,
            &AugmentPreviewPanel::sampleActivated);
    setProject({}, {});
}

// The controls in a column, the results beside them, then the selected result's provenance.
QSplitter* AugmentPreviewPanel::makeSplitter()
{
    auto* form = new QFormLayout;
    form->addRow(tr("Probabilities"), m_mode);
    form->addRow(m_sliderBox);
    form->addRow(tr("Images"), m_count);
    form->addRow(tr("Seed"), m_seed);
    auto* controls = new QVBoxLayout;
    controls->addLayout(form);
    controls->addWidget(m_generate);
    controls->addWidget(m_status);
    controls->addStretch(1);
    auto* controlBox = new QWidget(this);
    controlBox->setLayout(controls);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(controlBox);
    splitter->addWidget(m_results);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 2);
    splitter->setSizes({240, 620, 420});
    return splitter;
}

AugmentPreviewPanel::~AugmentPreviewPanel() = default;

void AugmentPreviewPanel::setProject(const QString& projectPath, std::vector<ClassInfo> classes)
{
    m_jobs->invalidate(); // a generation for the previous project is dropped when it arrives
    m_running = false;
    m_projectPath = projectPath;
    m_classes = std::move(classes);
    m_pool.reset();
    m_items.clear();
    m_probabilities.clear();
    m_results->clear();
    m_details->clear();

    for (QSlider* slider : m_sliders)
        delete slider->parentWidget();
    m_sliders.clear();
    for (const ClassInfo& c : m_classes) {
        auto* row = new QWidget(m_sliderBox);
        auto* rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        auto* label = new QLabel(QString::fromStdString(c.name), row);
        label->setMinimumWidth(70);
        auto* slider = new QSlider(Qt::Horizontal, row);
        slider->setRange(0, 100);
        slider->setValue(50);
        rowLayout->addWidget(label);
        rowLayout->addWidget(slider, 1);
        m_sliderBox->layout()->addWidget(row);
        m_sliders.push_back(slider);
    }
    m_generate->setEnabled(!projectPath.isEmpty());
    m_status->setText(projectPath.isEmpty()
                          ? tr("Open a project to preview guided-crop samples")
                          : tr("Generate to paste real defects onto defect-free training images"));
}

void AugmentPreviewPanel::setCount(int count)
{
    m_count->setValue(count);
}

void AugmentPreviewPanel::setSeed(int seed)
{
    m_seed->setValue(seed);
}

void AugmentPreviewPanel::setMode(Mode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(static_cast<int>(mode)));
}

void AugmentPreviewPanel::setManualWeights(const std::vector<int>& weights)
{
    for (std::size_t c = 0; c < weights.size() && c < m_sliders.size(); ++c)
        m_sliders[c]->setValue(weights[c]);
}

int AugmentPreviewPanel::resultCount() const
{
    return static_cast<int>(m_items.size());
}

void AugmentPreviewPanel::generate()
{
    if (m_running || m_projectPath.isEmpty())
        return;
    m_running = true;
    m_generate->setEnabled(false);
    m_status->setText(m_pool ? tr("Generating…")
                             : tr("Preparing the training images, then generating…"));
    const auto mode = static_cast<Mode>(m_mode->currentData().toInt());
    std::vector<double> weights;
    for (QSlider* slider : m_sliders)
        weights.push_back(slider->value());
    m_jobs->start(
        [pool = m_pool, path = m_projectPath, weighting = weightingOf(mode), weights,
         count = m_count->value(), seed = static_cast<std::uint64_t>(m_seed->value()),
         classes = m_classes] {
            return generateIn(pool, path, weighting, weights, count, seed, classes);
        },
        [this, mode](AugmentPreviewGeneration generation) {
            onGenerated(std::move(generation), mode);
        });
}

void AugmentPreviewPanel::onGenerated(AugmentPreviewGeneration generation, Mode mode)
{
    m_running = false;
    m_generate->setEnabled(true);
    if (generation.pool)
        m_pool = std::move(generation.pool);
    if (!generation.error.empty()) {
        const QString message = QString::fromStdString(generation.error);
        m_status->setText(tr("Cannot generate: %1").arg(message));
        emit failed(message);
        return;
    }
    m_items = std::move(generation.results);
    m_probabilities = std::move(generation.probabilities);
    const QString modeText = mode == Mode::LatestRun
                                 ? tr("validation losses of run %1").arg(generation.latestRun)
                             : mode == Mode::Manual ? tr("manual weights")
                                                    : tr("inverse class frequency");
    m_results->clear();
    m_details->clear();
    for (std::size_t i = 0; i < m_items.size(); ++i) {
        const AugmentPreviewResult& item = m_items[i];
        auto* entry = new QListWidgetItem(plainIcon(iconImage(item.image, item.overlay, kIconSide)),
                                          tr("#%1").arg(i + 1), m_results);
        entry->setToolTip(tr("Seed %1").arg(item.provenance.seed));
    }
    QStringList shares;
    for (std::size_t c = 0; c < m_classes.size() && c < m_probabilities.size(); ++c)
        shares << QStringLiteral("%1 %2%")
                      .arg(QString::fromStdString(m_classes[c].name))
                      .arg(100.0 * m_probabilities[c], 0, 'f', 0);
    m_status->setText(tr("%n image(s) from %1: %2", nullptr, static_cast<int>(m_items.size()))
                          .arg(modeText, shares.join(QStringLiteral(", "))));
    if (!m_items.empty())
        m_results->setCurrentRow(0);
    emit generated(static_cast<int>(m_items.size()));
}

void AugmentPreviewPanel::selectResult(int index)
{
    m_results->setCurrentRow(index);
}

QListWidget* AugmentPreviewPanel::sources() const
{
    return m_details->sources();
}

void AugmentPreviewPanel::showProvenance(int index)
{
    if (index < 0 || index >= static_cast<int>(m_items.size()) || !m_pool) {
        m_details->clear();
        return;
    }
    m_details->show(index, m_items[static_cast<std::size_t>(index)].provenance, *m_pool, m_classes);
}

} // namespace dwb
