#include "dwb/widgets/SamplePreview.h"

#include <QPainter>
#include <QPalette>

namespace dwb {

SamplePreview::SamplePreview(QWidget* parent)
    : QWidget(parent)
{
    setMinimumSize(200, 200);
    setBackgroundRole(QPalette::Dark);
    setAutoFillBackground(true);
}

void SamplePreview::showSample(const QImage& image, const QImage& overlay, const QString& caption)
{
    m_image = image;
    m_overlay = overlay;
    m_caption = caption;
    update();
}

void SamplePreview::showMessage(const QString& message)
{
    showSample({}, {}, message);
}

void SamplePreview::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    const int captionHeight = fontMetrics().height() + 8;
    const QRect area = rect().adjusted(8, 8, -8, -captionHeight);
    if (!m_image.isNull()) {
        QSize size = m_image.size().scaled(area.size(), Qt::KeepAspectRatio);
        const QRect target(area.center() - QPoint(size.width() / 2, size.height() / 2), size);
        // Nearest-neighbour keeps mask edges honest when small images are enlarged.
        painter.drawImage(target, m_image);
        if (!m_overlay.isNull())
            painter.drawImage(target, m_overlay);
    }
    painter.setPen(palette().color(QPalette::BrightText));
    painter.drawText(QRect(0, height() - captionHeight, width(), captionHeight),
                     Qt::AlignCenter | Qt::TextSingleLine, m_caption);
}

} // namespace dwb
