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

constexpr int kCloseDistance = 6; // viewport pixels from the first corner that close a polygon
constexpr int kDefaultDiameter = 5;

QPointF pixelCentre(QPoint pixel)
{
    return {pixel.x() + 0.5, pixel.y() + 0.5};
}

} // namespace

ImageCanvas::ImageCanvas(QWidget* parent)
    : QGraphicsView(parent)
    , m_brushDiameter(kDefaultDiameter)
{
    setScene(new QGraphicsScene(this));
    setAlignment(Qt::AlignCenter);
    setTransformationAnchor(QGraphicsView::NoAnchor);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setDragMode(QGraphicsView::NoDrag);
    setBackgroundBrush(QColor(48, 48, 48));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    viewport()->setMouseTracking(true);
    updateCursorShape();
}

ImageCanvas::~ImageCanvas() = default;

void ImageCanvas::setImage(const QImage& image)
{
    // RGB32 draws fastest whatever the source format.
    m_image = image.isNull() ? QImage() : image.convertToFormat(QImage::Format_RGB32);
    cancelPolygon();
    scene()->setSceneRect(QRectF(m_image.rect()));
    viewport()->update();
}

void ImageCanvas::setPredictionOverlay(const QImage& overlay)
{
    m_prediction = overlay;
    viewport()->update();
}

MaskDocument* ImageCanvas::document() const
{
    return m_document;
}

void ImageCanvas::setDocument(MaskDocument* document)
{
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    if (m_document) {
        connect(m_document, &MaskDocument::changed, this, &ImageCanvas::updateOverlay);
        connect(m_document, &MaskDocument::reset, this, &ImageCanvas::renderOverlay);
    }
    renderOverlay();
}

void ImageCanvas::setClasses(const std::vector<ClassInfo>& classes)
{
    m_classes = classes;
    renderOverlay();
}

void ImageCanvas::setOverlayOpacity(int alpha)
{
    alpha = std::clamp(alpha, 0, 255);
    if (alpha == m_style.opacity)
        return;
    m_style.opacity = alpha;
    renderOverlay();
}

void ImageCanvas::setOutlineMode(bool outline)
{
    if (outline == m_style.outline)
        return;
    m_style.outline = outline;
    renderOverlay();
}

void ImageCanvas::setClassVisible(int bit, bool visible)
{
    if (bit < 0 || bit >= 32 || visible == isClassVisible(bit))
        return;
    m_style.hiddenBits ^= 1u << bit;
    renderOverlay();
}

bool ImageCanvas::isClassVisible(int bit) const
{
    return bit >= 0 && bit < 32 && !(m_style.hiddenBits & (1u << bit));
}

void ImageCanvas::setTool(Tool tool)
{
    if (tool == m_tool)
        return;
    cancelPolygon();
    m_tool = tool;
    updateCursorShape();
    viewport()->update();
}

void ImageCanvas::setBrushDiameter(int diameter)
{
    const QRectF before = cursorRect();
    m_brushDiameter = std::max(diameter, 1);
    scene()->update(before.united(cursorRect()).adjusted(-2, -2, 2, 2));
}

double ImageCanvas::zoom() const
{
    return transform().m11();
}

void ImageCanvas::setZoom(double zoom)
{
    zoomBy(zoom / this->zoom(), viewport()->rect().center());
}

void ImageCanvas::fitToWindow()
{
    if (m_image.isNull())
        return;
    fitInView(sceneRect(), Qt::KeepAspectRatio);
    emit zoomChanged(zoom());
}

void ImageCanvas::zoomToActualSize()
{
    setZoom(1);
}

QPointF ImageCanvas::mapToImage(QPoint viewportPos) const
{
    return mapToScene(viewportPos);
}

QPoint ImageCanvas::mapFromImage(QPointF imagePos) const
{
    return mapFromScene(imagePos);
}

bool ImageCanvas::finishPolygon()
{
    if (m_polygon.size() < 3)
        return false;
    const QPolygon polygon = std::exchange(m_polygon, QPolygon());
    viewport()->update();
    emit polygonCompleted(polygon, m_polygonErase);
    return true;
}

void ImageCanvas::cancelPolygon()
{
    if (m_polygon.isEmpty())
        return;
    m_polygon.clear();
    viewport()->update();
}

void ImageCanvas::drawBackground(QPainter* painter, const QRectF& rect)
{
    QGraphicsView::drawBackground(painter, rect);
    const QRect source = rect.toAlignedRect() & m_image.rect();
    if (source.isEmpty())
        return;
    // Nearest neighbour: enlarged pixels stay square, so mask edges are where they are.
    painter->setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter->drawImage(QRectF(source), m_image, QRectF(source));
    if (m_overlay.size() == m_image.size())
        painter->drawImage(QRectF(source), m_overlay, QRectF(source));
    if (m_prediction.size() == m_image.size())
        painter->drawImage(QRectF(source), m_prediction, QRectF(source));
}

void ImageCanvas::drawForeground(QPainter* painter, const QRectF& rect)
{
    if (m_image.isNull())
        return;
    if (zoom() >= kGridZoom) {
        const QRect area = rect.toAlignedRect() & m_image.rect();
        painter->setPen(QPen(QColor(128, 128, 128, 110), 0));
        for (int x = area.left(); x <= area.right() + 1; ++x)
            painter->drawLine(QLineF(x, area.top(), x, area.bottom() + 1));
        for (int y = area.top(); y <= area.bottom() + 1; ++y)
            painter->drawLine(QLineF(area.left(), y, area.right() + 1, y));
    }
    if (!m_polygon.isEmpty()) {
        QPolygonF path;
        for (const QPoint& corner : m_polygon)
            path << pixelCentre(corner);
        if (m_cursorInside)
            path << m_cursorScenePos;
        painter->setPen(QPen(m_polygonErase ? Qt::red : Qt::yellow, 0));
        painter->drawPolyline(path);
        const double radius = kCloseDistance / zoom();
        painter->drawEllipse(pixelCentre(m_polygon.front()), radius, radius);
    }
    if ((m_tool == Tool::Brush || m_tool == Tool::Eraser) && m_cursorInside && !m_panning) {
        const QRectF circle = cursorRect();
        painter->setPen(QPen(Qt::black, 0));
        painter->drawEllipse(circle);
        painter->setPen(QPen(Qt::white, 0, Qt::DashLine));
        painter->drawEllipse(circle);
    }
}

QPoint ImageCanvas::pixelAt(QPoint viewportPos) const
{
    const QPointF point = mapToImage(viewportPos);
    return {static_cast<int>(std::floor(point.x())), static_cast<int>(std::floor(point.y()))};
}

void ImageCanvas::zoomBy(double factor, QPoint anchor)
{
    const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    if (target == zoom())
        return;
    // Keep the scene point under the anchor where it is.
    const QPointF fixed = mapToScene(anchor);
    setTransform(QTransform::fromScale(target, target));
    const QPoint drift = mapFromScene(fixed) - anchor;
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() + drift.x());
    verticalScrollBar()->setValue(verticalScrollBar()->value() + drift.y());
    emit zoomChanged(target);
}

void ImageCanvas::startPolygonPoint(QPoint pixel, bool erase)
{
    if (m_polygon.isEmpty()) {
        m_polygonErase = erase;
        m_polygon << pixel;
    } else if (m_polygon.size() >= 3 &&
               (pixel == m_polygon.front() ||
                (mapFromImage(pixelCentre(m_polygon.front())) - mapFromImage(pixelCentre(pixel)))
                        .manhattanLength() <= kCloseDistance)) {
        finishPolygon();
        return;
    } else if (pixel != m_polygon.back()) {
        m_polygon << pixel;
    }
    viewport()->update();
}

void ImageCanvas::renderOverlay()
{
    if (m_document && !m_document->isNull())
        m_overlay = renderClassOverlay(m_document->mask(), m_classes, m_style);
    else
        m_overlay = QImage();
    viewport()->update();
}

void ImageCanvas::updateOverlay(const QRect& rect)
{
    if (!m_document || m_overlay.size() != m_document->size()) {
        renderOverlay();
        return;
    }
    // In outline mode an edit also changes whether its neighbours lie on a border.
    const QRect area = (m_style.outline ? rect.adjusted(-1, -1, 1, 1) : rect) & m_overlay.rect();
    paintClassOverlay(m_document->mask(), area, m_classes, m_style, m_overlay);
    scene()->update(QRectF(area));
}

QRectF ImageCanvas::cursorRect() const
{
    if (!m_cursorInside)
        return {};
    const int half = m_brushDiameter / 2;
    const double x = std::floor(m_cursorScenePos.x()) - half;
    const double y = std::floor(m_cursorScenePos.y()) - half;
    return {x, y, static_cast<double>(m_brushDiameter), static_cast<double>(m_brushDiameter)};
}

void ImageCanvas::moveCursor(QPoint viewportPos)
{
    const QRectF before = cursorRect();
    m_cursorInside = true;
    m_cursorScenePos = mapToImage(viewportPos);
    if (!m_polygon.isEmpty()) {
        viewport()->update();
        return;
    }
    if (m_tool == Tool::Brush || m_tool == Tool::Eraser) {
        const double margin = 2 / zoom();
        scene()->update(before.united(cursorRect()).adjusted(-margin, -margin, margin, margin));
    }
}

void ImageCanvas::updateCursorShape()
{
    if (m_panning)
        viewport()->setCursor(Qt::ClosedHandCursor);
    else if (m_spaceHeld)
        viewport()->setCursor(Qt::OpenHandCursor);
    else
        viewport()->setCursor(Qt::CrossCursor);
}

} // namespace dwb
