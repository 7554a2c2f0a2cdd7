#include "ThumbnailDelegate.h"

#include "dwb/widgets/SampleListModel.h"
#include "dwb/widgets/ThumbnailCache.h"

#include <QApplication>
#include <QPainter>

namespace dwb {
namespace {
constexpr int kMargin = 4;
constexpr int kTextGap = 2;
} // namespace

ThumbnailDelegate::ThumbnailDelegate(ThumbnailCache* cache, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_cache(cache)
{
}

QSize ThumbnailDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const
{
    const int side = m_cache->thumbnailSize();
    return {side + 2 * kMargin, side + 2 * kMargin + kTextGap + option.fontMetrics.height()};
}

QRect ThumbnailDelegate::thumbnailRect(const QRect& item) const
{
    const int side = m_cache->thumbnailSize();
    return {item.left() + (item.width() - side) / 2, item.top() + kMargin, side, side};
}

void ThumbnailDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    painter->save();
    // The selection in the colours of the view's focus state, drawn here because styles differ
    // in whether the item panel shows it.
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group =
        (option.state & QStyle::State_Active) ? QPalette::Active : QPalette::Inactive;
    if (selected)
        painter->fillRect(option.rect.adjusted(1, 1, -1, -1),
                          option.palette.color(group, QPalette::Highlight));
    const QRect box = thumbnailRect(option.rect);
    const std::optional<Thumbnail> thumbnail = m_cache->thumbnail(index);
    if (thumbnail && !thumbnail->failed) {
        QRect target(QPoint(), thumbnail->image.size());
        target.moveCenter(box.center());
        painter->drawImage(target, thumbnail->image);
        if (m_overlayVisible && !thumbnail->overlay.isNull())
            painter->drawImage(target, thumbnail->overlay);
    } else {
        // Placeholder until the thumbnail arrives; a cross when the image cannot be read.
        painter->fillRect(box, option.palette.color(QPalette::Midlight));
        if (thumbnail && thumbnail->failed) {
            painter->setPen(QPen(option.palette.color(QPalette::Mid), 2));
            painter->drawLine(box.topLeft(), box.bottomRight());
            painter->drawLine(box.topRight(), box.bottomLeft());
        }
    }
    if (index.data(SampleListModel::IsSyntheticRole).toBool()) {
        const QString mark = tr("S", "synthetic sample mark");
        const int side = option.fontMetrics.height() + 2;
        const QRect badge(box.right() - side + 1, box.top(), side, side);
        painter->fillRect(badge, option.palette.color(QPalette::Highlight));
        painter->setPen(option.palette.color(QPalette::HighlightedText));
        painter->drawText(badge, Qt::AlignCenter, mark);
    }
    const QRect text(option.rect.left() + kMargin, box.bottom() + 1 + kTextGap,
                     option.rect.width() - 2 * kMargin, option.fontMetrics.height());
    painter->setPen(
        option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(text, Qt::AlignHCenter | Qt::AlignVCenter,
                      option.fontMetrics.elidedText(opt.text, Qt::ElideMiddle, text.width()));
    painter->restore();
}

} // namespace dwb
