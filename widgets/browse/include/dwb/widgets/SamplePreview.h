#pragma once

#include <QImage>
#include <QWidget>

namespace dwb {

// Shows one sample: the image scaled to fit, its class overlay on top, and a caption.
class SamplePreview : public QWidget {
    Q_OBJECT

public:
    explicit SamplePreview(QWidget* parent = nullptr);

    // `overlay` is an ARGB image of the same size as `image` (see renderClassOverlay).
    void showSample(const QImage& image, const QImage& overlay, const QString& caption);
    void showMessage(const QString& message);

    const QImage& image() const { return m_image; }
    const QImage& overlay() const { return m_overlay; }

    QSize sizeHint() const override { return {420, 420}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage m_image;
    QImage m_overlay;
    QString m_caption;
};

} // namespace dwb
