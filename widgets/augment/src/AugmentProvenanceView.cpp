#include "AugmentProvenanceView.h"

#include "MatImage.h"

#include "dwb/augment/GuidedCropPool.h"
#include "dwb/widgets/UiHelpers.h"

#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QVBoxLayout>

#include <algorithm>

namespace dwb {

namespace {

QString flipsText(const Provenance& p)
{
    if (p.flipHorizontal && p.flipVertical)
        return AugmentProvenanceView::tr("horizontal and vertical");
    if (p.flipHorizontal)
        return AugmentProvenanceView::tr("horizontal");
    if (p.flipVertical)
        return AugmentProvenanceView::tr("vertical");
    return AugmentProvenanceView::tr("none");
}

} // namespace

AugmentProvenanceView::AugmentProvenanceView(QWidget* parent)
    : QWidget(parent)
    , m_text(new QLabel(this))
    , m_sources(new QListWidget(this))
{
    m_sources->setViewMode(QListView::IconMode);
    m_sources->setResizeMode(QListView::Adjust);
    m_sources->setMovement(QListView::Static);
    m_sources->setUniformItemSizes(true);
    m_sources->setIconSize({kIconSide, kIconSide});
    m_sources->setSpacing(4);
    m_sources->setToolTip(tr("Double-click a source to open it in the mask editor"));
    m_sources->setWordWrap(true);
    m_sources->setGridSize({kIconSide + 48, kIconSide + 44});
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
    layout->addWidget(m_sources, 1);
    connect(m_sources, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        emit sampleActivated(item->data(kSampleIdItemRole).toLongLong());
    });
}

void AugmentProvenanceView::clear()
{
    m_text->clear();
    m_sources->clear();
}

void AugmentProvenanceView::show(int index, const Provenance& p, const GuidedCropPool& pool,
                                 const std::vector<ClassInfo>& classes)
{
    clear();
    auto nameOf = [&](std::int64_t id) {
        const std::string name = pool.sampleName(id);
        return name.empty() ? tr("sample %1").arg(id) : QString::fromStdString(name);
    };
    auto classOf = [&](int c) -> const ClassInfo* {
        return c >= 0 && c < static_cast<int>(classes.size())
                   ? &classes[static_cast<std::size_t>(c)]
                   : nullptr;
    };
    auto className = [&](int c) {
        const ClassInfo* info = classOf(c);
        return info ? QString::fromStdString(info->name) : QString::number(c);
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
                 .arg(flipsText(p))
                 .arg(p.shiftX)
                 .arg(p.shiftY)
                 .arg(p.finalJitter.brightness, 0, 'f', 1)
                 .arg(p.finalJitter.contrast, 0, 'f', 2);
    m_text->setText(lines.join(QStringLiteral("<br>")));

    addSource(pool, p.baseSampleId, tr("base\n%1").arg(nameOf(p.baseSampleId)), {}, {});
    for (const PasteRecord& paste : p.pastes) {
        const ClassInfo* info = classOf(paste.classIndex);
        const QColor colour(info ? QString::fromStdString(info->color) : QStringLiteral("#ff0000"));
        const cv::Rect& crop = paste.crop;
        addSource(pool, paste.sourceSampleId,
                  tr("%1 #%2\nfrom %3")
                      .arg(className(paste.classIndex))
                      .arg(paste.blobId)
                      .arg(nameOf(paste.sourceSampleId)),
                  QRect(crop.x, crop.y, crop.width, crop.height), colour);
    }
}

void AugmentProvenanceView::addSource(const GuidedCropPool& pool, std::int64_t id,
                                      const QString& text, const QRect& crop, const QColor& colour)
{
    QImage image;
    if (const PreparedSample* source = pool.sample(id)) {
        image = imageFromMat(source->image).convertToFormat(QImage::Format_ARGB32_Premultiplied);
        if (!crop.isEmpty()) {
            QPainter painter(&image);
            painter.setPen(QPen(colour, std::max(2, image.width() / 100)));
            painter.drawRect(crop.x() - 2, crop.y() - 2, crop.width() + 3, crop.height() + 3);
        }
    }
    auto* item =
        new QListWidgetItem(plainIcon(image.scaled(kIconSide, kIconSide, Qt::KeepAspectRatio,
                                                   Qt::SmoothTransformation)),
                            text, m_sources);
    item->setData(kSampleIdItemRole, QVariant::fromValue<qint64>(id));
    item->setToolTip(text);
}

} // namespace dwb
