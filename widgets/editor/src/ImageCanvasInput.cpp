// The canvas's mouse and keyboard input: strokes, fills, polygon points, panning and zooming.

#include "dwb/widgets/ImageCanvas.h"

#include "dwb/widgets/MaskDocument.h"

#include <QGraphicsScene>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace dwb {
namespace {

constexpr double kWheelStep = 1.25; // zoom factor of one wheel notch

} // namespace

void ImageCanvas::wheelEvent(QWheelEvent* event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    zoomBy(std::pow(kWheelStep, delta / 120.0), event->position().toPoint());
    event->accept();
}

void ImageCanvas::mousePressEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    const Qt::MouseButton button = event->button();
    if (button == Qt::MiddleButton || (button == Qt::LeftButton && m_spaceHeld)) {
        m_panning = true;
        m_panLast = pos;
        updateCursorShape();
        event->accept();
        return;
    }
    if (m_image.isNull() || (button != Qt::LeftButton && button != Qt::RightButton)) {
        QGraphicsView::mousePressEvent(event);
        return;
    }
    const bool erase = button == Qt::RightButton;
    const QPoint pixel = pixelAt(pos);
    switch (m_tool) {
    case Tool::Brush:
    case Tool::Eraser:
        if (!m_stroking) {
            m_stroking = true;
            m_strokeButton = button;
            m_strokePixel = pixel;
            emit strokeStarted(pixel, erase || m_tool == Tool::Eraser);
        }
        break;
    case Tool::Fill:
        if (m_image.rect().contains(pixel))
            emit fillRequested(pixel, erase);
        break;
    case Tool::Polygon:
        startPolygonPoint(pixel, erase);
        break;
    }
    event->accept();
}

void ImageCanvas::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (m_panning) {
        const QPoint delta = pos - m_panLast;
        m_panLast = pos;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        event->accept();
        return;
    }
    moveCursor(pos);
    const QPoint pixel = pixelAt(pos);
    if (m_stroking && pixel != m_strokePixel) {
        m_strokePixel = pixel;
        emit strokeMoved(pixel);
    }
    event->accept();
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_panning && (event->button() == Qt::MiddleButton || event->button() == Qt::LeftButton)) {
        m_panning = false;
        updateCursorShape();
    } else if (m_stroking && event->button() == m_strokeButton) {
        m_stroking = false;
        emit strokeFinished();
    }
    event->accept();
}

void ImageCanvas::mouseDoubleClickEvent(QMouseEvent* event)
{
    // The first click of the pair already placed the corner.
    if (m_tool == Tool::Polygon && !m_panning && event->button() == Qt::LeftButton) {
        finishPolygon();
        event->accept();
        return;
    }
    mousePressEvent(event);
}

void ImageCanvas::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Escape:
        if (!m_polygon.isEmpty()) {
            cancelPolygon();
            event->accept();
            return;
        }
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (finishPolygon()) {
            event->accept();
            return;
        }
        break;
    case Qt::Key_Space:
        if (!event->isAutoRepeat()) {
            m_spaceHeld = true;
            updateCursorShape();
        }
        event->accept();
        return;
    default:
        break;
    }
    QGraphicsView::keyPressEvent(event);
}

void ImageCanvas::keyReleaseEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        updateCursorShape();
        event->accept();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

void ImageCanvas::leaveEvent(QEvent* event)
{
    const QRectF before = cursorRect();
    m_cursorInside = false;
    scene()->update(before.adjusted(-2, -2, 2, 2));
    if (!m_polygon.isEmpty())
        viewport()->update();
    QGraphicsView::leaveEvent(event);
}

} // namespace dwb
