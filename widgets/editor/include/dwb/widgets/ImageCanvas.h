#pragma once

#include "dwb/storage/ProjectTypes.h"
#include "dwb/widgets/ClassOverlay.h"

#include <QGraphicsView>
#include <QImage>
#include <QPointer>
#include <QPolygon>

#include <vector>

namespace dwb {

class MaskDocument;

// Shows an image with a MaskDocument's classes overlaid and turns mouse input into edits in
// image pixel coordinates (pixel (x, y) covers the scene square [x, x + 1) x [y, y + 1)). It
// only reports what the user did; whoever listens edits the document and keeps the undo stack.
//
// Wheel: zoom about the cursor. Middle button or Space + left button: pan. Brush and Eraser:
// drag to paint (right button erases). Fill: click (right button erases the blob under the
// cursor). Polygon: click the corners; a double click, Enter or a click on the first corner
// closes and fills it (started with the right button it erases), Esc cancels.
class ImageCanvas : public QGraphicsView {
    Q_OBJECT

public:
    enum class Tool { Brush, Eraser, Fill, Polygon };
    Q_ENUM(Tool)

    static constexpr double kMinZoom = 1.0 / 32;
    static constexpr double kMaxZoom = 64;
    static constexpr double kGridZoom = 8; // the pixel grid shows from this zoom on

    explicit ImageCanvas(QWidget* parent = nullptr);
    ~ImageCanvas() override;

    // The image under the mask; a null image shows nothing.
    void setImage(const QImage& image);
    const QImage& image() const { return m_image; }
    // The mask shown over the image and edited through the signals below; not owned.
    void setDocument(MaskDocument* document);
    MaskDocument* document() const;

    void setClasses(const std::vector<ClassInfo>& classes);
    void setOverlayOpacity(int alpha);
    int overlayOpacity() const { return m_style.opacity; }
    void setOutlineMode(bool outline);
    bool outlineMode() const { return m_style.outline; }
    void setClassVisible(int bit, bool visible);
    bool isClassVisible(int bit) const;
    // The rendered overlay (Format_ARGB32, the mask's size).
    const QImage& overlay() const { return m_overlay; }
    // An ARGB image of the image's size drawn over the mask overlay (a model's prediction); a
    // null image draws nothing.
    void setPredictionOverlay(const QImage& overlay);
    const QImage& predictionOverlay() const { return m_prediction; }

    void setTool(Tool tool);
    Tool tool() const { return m_tool; }
    void setBrushDiameter(int diameter);
    int brushDiameter() const { return m_brushDiameter; }

    // Screen pixels per image pixel.
    double zoom() const;
    // Zooms about the centre of the view, within [kMinZoom, kMaxZoom].
    void setZoom(double zoom);
    void fitToWindow();
    void zoomToActualSize();

    // Image coordinates of a viewport position, and back (a pixel's centre is (x + 0.5, y + 0.5)).
    QPointF mapToImage(QPoint viewportPos) const;
    QPoint mapFromImage(QPointF imagePos) const;

    // The corners of the polygon being drawn.
    const QPolygon& pendingPolygon() const { return m_polygon; }
    // Closes the pending polygon and reports it; false when it has fewer than 3 corners.
    bool finishPolygon();
    void cancelPolygon();

signals:
    void strokeStarted(QPoint pixel, bool erase);
    void strokeMoved(QPoint pixel);
    void strokeFinished();
    void fillRequested(QPoint pixel, bool erase);
    void polygonCompleted(const QPolygon& pixels, bool erase);
    void zoomChanged(double zoom);

protected:
    void drawBackground(QPainter* painter, const QRectF& rect) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QPoint pixelAt(QPoint viewportPos) const;
    void zoomBy(double factor, QPoint anchor);
    void startPolygonPoint(QPoint pixel, bool erase);
    void renderOverlay();
    void updateOverlay(const QRect& rect);
    QRectF cursorRect() const;
    void moveCursor(QPoint viewportPos);
    void updateCursorShape();

    QImage m_image;
    QImage m_overlay;
    QImage m_prediction;
    QPointer<MaskDocument> m_document;
    std::vector<ClassInfo> m_classes;
    OverlayStyle m_style;
    Tool m_tool = Tool::Brush;
    int m_brushDiameter = 5;

    QPolygon m_polygon;
    bool m_polygonErase = false;
    bool m_stroking = false;
    Qt::MouseButton m_strokeButton = Qt::NoButton;
    QPoint m_strokePixel;
    bool m_panning = false;
    bool m_spaceHeld = false;
    QPoint m_panLast;
    bool m_cursorInside = false;
    QPointF m_cursorScenePos;
};

} // namespace dwb
