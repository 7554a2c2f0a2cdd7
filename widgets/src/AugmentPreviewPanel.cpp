#include "dwb/widgets/AugmentPreviewPanel.h"

#include "MatImage.h"

#include "dwb/augment/GuidedCropAugmenter.h"
#include "dwb/augment/LossGuidedSampler.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/train/DataDefaults.h"
#include "dwb/train/SampleSet.h"
#include "dwb/train/TrainingSummary.h"
#include "dwb/widgets/ClassOverlay.h"

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
#include <QThreadPool>
#include <QVBoxLayout>

#include <algorithm>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

namespace dwb {

// The project's training images at one size, prepared once and shared with the worker.
struct AugmentPreviewPool {
    std::mutex mutex; // one job at a time
    std::string path;
    bool ready = false;
    std::vector<PreparedSample> samples;
    std::unordered_map<std::int64_t, std::size_t> indexOf;
    std::unordered_map<std::int64_t, std::string> names;
    std::optional<GuidedCropAugmenter> augmenter;
    std::vector<int> imagesPerClass;
    std::vector<double> latestLosses; // per class; empty without a trained epoch
    int latestRun = 0;
};

struct AugmentPreviewResult {
    QImage image;
    QImage overlay;
    Provenance provenance;
};

namespace {

constexpr int kMaxSide = 512;
constexpr int kIconSide = 128;
constexpr int kSampleIdRole = Qt::UserRole + 1;

using PoolPtr = std::shared_ptr<AugmentPreviewPool>;

Status preparePool(AugmentPreviewPool& pool, int classCount)
{
    auto project = ProjectDb::open(pool.path);
    if (!project)
        return std::unexpected(project.error());
    auto train = samplesOfSplit(*project, Split::Train);
    if (!train)
        return std::unexpected(train.error());
    auto all = project->samples();
    if (!all)
        return std::unexpected(all.error());
    if (train->empty())
        *train = *all; // a project without splits still previews
    for (const SampleRecord& sample : *all)
        pool.names[sample.id] = sample.name;
    InputShape shape = defaultInputShape(*train, 1);
    if (const int side = std::max(shape.height, shape.width); side > kMaxSide) {
        shape.height = std::max(8, shape.height * kMaxSide / side);
        shape.width = std::max(8, shape.width * kMaxSide / side);
    }
    auto prepared = prepareSamples(*project, *train, shape);
    if (!prepared)
        return std::unexpected(prepared.error());
    pool.samples = std::move(*prepared);
    pool.imagesPerClass.assign(static_cast<std::size_t>(classCount), 0);
    for (std::size_t i = 0; i < pool.samples.size(); ++i) {
        pool.indexOf[pool.samples[i].id] = i;
        for (int c = 0; c < classCount; ++c)
            pool.imagesPerClass[static_cast<std::size_t>(c)] += (pool.samples[i].labels >> c) & 1u;
    }
    auto augmenter = GuidedCropAugmenter::create(pool.samples, classCount);
    if (!augmenter)
        return std::unexpected(augmenter.error());
    pool.augmenter.emplace(std::move(*augmenter));

    // The latest run's last validation losses, as the trainer's sampler would use them.
    auto runs = project->runs();
    if (runs)
        for (auto run = runs->rbegin(); run != runs->rend() && pool.latestLosses.empty(); ++run) {
            auto epochs = project->runEpochs(run->id);
            if (!epochs || epochs->empty())
                continue;
            if (auto losses = classValidationLosses(epochs->back(), classCount)) {
                pool.latestLosses = std::move(*losses);
                pool.latestRun = static_cast<int>(run->id);
            }
        }
    pool.ready = true;
    return {};
}

// The same picture whether selected or not: the list's selection tint would hide the defects.
QIcon plainIcon(const QImage& image)
{
    const QPixmap pixmap = QPixmap::fromImage(image);
    QIcon icon;
    icon.addPixmap(pixmap, QIcon::Normal);
    icon.addPixmap(pixmap, QIcon::Selected);
    return icon;
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

} // namespace

AugmentPreviewPanel::AugmentPreviewPanel(QWidget* parent)
    : QWidget(parent)
    , m_threads(new QThreadPool(this))
    , m_mode(new QComboBox(this))
    , m_count(new QSpinBox(this))
    , m_seed(new QSpinBox(this))
    , m_sliderBox(new QWidget(this))
    , m_generate(new QPushButton(tr("&Generate"), this))
    , m_status(new QLabel(this))
    , m_results(new QListWidget(this))
    , m_provenance(new QLabel(this))
    , m_sources(new QListWidget(this))
{
    m_threads->setMaxThreadCount(1);
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

    for (QListWidget* list : {m_results, m_sources}) {
        list->setViewMode(QListView::IconMode);
        list->setResizeMode(QListView::Adjust);
        list->setMovement(QListView::Static);
        list->setUniformItemSizes(true);
        list->setIconSize({kIconSide, kIconSide});
        list->setSpacing(4);
    }
    m_sources->setToolTip(tr("Double-click a source to open it in the mask editor"));
    m_sources->setWordWrap(true);
    m_sources->setGridSize({kIconSide + 48, kIconSide + 44});
    m_provenance->setWordWrap(true);
    m_provenance->setTextFormat(Qt::RichText);
    m_provenance->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_provenance->setTextInteractionFlags(Qt::TextSelectableByMouse);

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

    auto* details = new QWidget(this);
    auto* detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_provenance);
    detailsLayout->addWidget(m_sources, 1);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(controlBox);
    splitter->addWidget(m_results);
    splitter->addWidget(details);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 2);
    splitter->setSizes({240, 620, 420});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        m_sliderBox->setVisible(m_mode->currentData().toInt() == static_cast<int>(Mode::Manual));
    });
    connect(m_generate, &QPushButton::clicked, this, &AugmentPreviewPanel::generate);
    connect(m_results, &QListWidget::currentRowChanged, this, &AugmentPreviewPanel::showProvenance);
    connect(m_sources, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        emit sampleActivated(item->data(kSampleIdRole).toLongLong());
    });
    setProject({}, {});
}

AugmentPreviewPanel::~AugmentPreviewPanel()
{
    m_threads->waitForDone();
}

void AugmentPreviewPanel::setProject(const QString& projectPath, std::vector<ClassInfo> classes)
{
    m_threads->waitForDone();
    m_projectPath = projectPath;
    m_classes = std::move(classes);
    m_pool = std::make_shared<AugmentPreviewPool>();
    m_pool->path = projectPath.toStdString();
    m_items.clear();
    m_probabilities.clear();
    m_results->clear();
    m_sources->clear();
    m_provenance->clear();

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
    m_status->setText(m_pool->ready ? tr("Generating…")
                                    : tr("Preparing the training images, then generating…"));
    const auto mode = static_cast<Mode>(m_mode->currentData().toInt());
    std::vector<double> weights;
    for (QSlider* slider : m_sliders)
        weights.push_back(slider->value());
    const int count = m_count->value();
    const auto seed = static_cast<std::uint64_t>(m_seed->value());
    const int classCount = static_cast<int>(m_classes.size());
    std::vector<ClassInfo> classes = m_classes;
    PoolPtr pool = m_pool;
    m_threads->start([this, pool, mode, weights, count, seed, classCount, classes] {
        auto fail = [this](const std::string& message) {
            QMetaObject::invokeMethod(
                this,
                [this, message] {
                    m_running = false;
                    m_generate->setEnabled(true);
                    m_status->setText(
                        tr("Cannot generate: %1").arg(QString::fromStdString(message)));
                    emit failed(QString::fromStdString(message));
                },
                Qt::QueuedConnection);
        };
        std::lock_guard lock(pool->mutex);
        if (!pool->ready)
            if (auto ok = preparePool(*pool, classCount); !ok)
                return fail(ok.error().message);
        SamplerConfig config;
        if (mode == Mode::Manual)
            config.floor = 0; // the sliders are used as given
        auto sampler = LossGuidedSampler::create(pool->imagesPerClass, config);
        if (!sampler)
            return fail(sampler.error().message);
        QString modeText = tr("inverse class frequency");
        if (mode == Mode::LatestRun) {
            if (pool->latestLosses.empty())
                return fail(tr("no training run has validation losses yet").toStdString());
            if (auto ok = sampler->setValidationLosses(pool->latestLosses); !ok)
                return fail(ok.error().message);
            modeText = tr("validation losses of run %1").arg(pool->latestRun);
        } else if (mode == Mode::Manual) {
            if (auto ok = sampler->setFixedWeights(weights); !ok)
                return fail(ok.error().message);
            modeText = tr("manual weights");
        }
        const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
        auto samples =
            pool->augmenter->generateMany(sampler->probabilities(), count, seed, threads);
        if (!samples)
            return fail(samples.error().message);
        auto results = std::make_shared<std::vector<AugmentPreviewResult>>();
        for (const SyntheticSample& sample : *samples) {
            AugmentPreviewResult& result = results->emplace_back();
            result.image = imageFromMat(sample.image);
            result.overlay = renderClassOverlay(classMaskImage(sample.mask), classes, {});
            result.provenance = sample.provenance;
        }
        QMetaObject::invokeMethod(
            this,
            [this, results, p = sampler->probabilities(), modeText] {
                onGenerated(results, p, modeText);
            },
            Qt::QueuedConnection);
    });
}

void AugmentPreviewPanel::onGenerated(std::shared_ptr<std::vector<AugmentPreviewResult>> results,
                                      std::vector<double> probabilities, QString mode)
{
    m_running = false;
    m_generate->setEnabled(true);
    m_items = std::move(*results);
    m_probabilities = std::move(probabilities);
    m_results->clear();
    m_sources->clear();
    m_provenance->clear();
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
                          .arg(mode, shares.join(QStringLiteral(", "))));
    if (!m_items.empty())
        m_results->setCurrentRow(0);
    emit generated(static_cast<int>(m_items.size()));
}

void AugmentPreviewPanel::selectResult(int index)
{
    m_results->setCurrentRow(index);
}

void AugmentPreviewPanel::showProvenance(int index)
{
    m_sources->clear();
    if (index < 0 || index >= static_cast<int>(m_items.size())) {
        m_provenance->clear();
        return;
    }
    const Provenance& p = m_items[static_cast<std::size_t>(index)].provenance;
    const AugmentPreviewPool& pool = *m_pool; // ready: a result exists; read-only from here on
    auto nameOf = [&](std::int64_t id) {
        const auto it = pool.names.find(id);
        return it == pool.names.end() ? tr("sample %1").arg(id)
                                      : QString::fromStdString(it->second);
    };
    auto className = [&](int c) {
        return c >= 0 && c < static_cast<int>(m_classes.size())
                   ? QString::fromStdString(m_classes[static_cast<std::size_t>(c)].name)
                   : QString::number(c);
    };
    QStringList lines;
    lines << tr("<b>Synthetic #%1</b>, seed %2").arg(index + 1).arg(p.seed);
    lines << tr("Base: %1 (%2)")
                 .arg(nameOf(p.baseSampleId).toHtmlEscaped(),
                      p.baseDefective ? tr("defective: no defect-free image in the split")
                                      : tr("defect-free"));
    lines << tr("Drawn class: %1; %n blob(s) pasted", nullptr, static_cast<int>(p.pastes.size()))
                 .arg(className(p.primaryClass).toHtmlEscaped());
    lines << tr("Flips: %1; shift %2, %3 px; final brightness %4, contrast %5")
                 .arg(p.flipHorizontal && p.flipVertical ? tr("horizontal and vertical")
                      : p.flipHorizontal                 ? tr("horizontal")
                      : p.flipVertical                   ? tr("vertical")
                                                         : tr("none"))
                 .arg(p.shiftX)
                 .arg(p.shiftY)
                 .arg(p.finalJitter.brightness, 0, 'f', 1)
                 .arg(p.finalJitter.contrast, 0, 'f', 2);
    m_provenance->setText(lines.join(QStringLiteral("<br>")));

    auto addSource = [&](std::int64_t id, const QString& text, const cv::Rect& crop, int c) {
        const auto it = pool.indexOf.find(id);
        QImage image;
        if (it != pool.indexOf.end()) {
            image = imageFromMat(pool.samples[it->second].image)
                        .convertToFormat(QImage::Format_ARGB32_Premultiplied);
            if (!crop.empty()) {
                QPainter painter(&image);
                const QColor colour(
                    QString::fromStdString(c < static_cast<int>(m_classes.size())
                                               ? m_classes[static_cast<std::size_t>(c)].color
                                               : std::string("#ff0000")));
                painter.setPen(QPen(colour, std::max(2, image.width() / 100)));
                painter.drawRect(crop.x - 2, crop.y - 2, crop.width + 3, crop.height + 3);
            }
        }
        auto* item =
            new QListWidgetItem(plainIcon(image.scaled(kIconSide, kIconSide, Qt::KeepAspectRatio,
                                                       Qt::SmoothTransformation)),
                                text, m_sources);
        item->setData(kSampleIdRole, QVariant::fromValue<qint64>(id));
        item->setToolTip(text);
    };
    addSource(p.baseSampleId, tr("base\n%1").arg(nameOf(p.baseSampleId)), {}, 0);
    for (const PasteRecord& paste : p.pastes)
        addSource(paste.sourceSampleId,
                  tr("%1 #%2\nfrom %3")
                      .arg(className(paste.classIndex))
                      .arg(paste.blobId)
                      .arg(nameOf(paste.sourceSampleId)),
                  paste.crop, paste.classIndex);
}

} // namespace dwb
