#pragma once

#include <QImage>
#include <QObject>
#include <QPoint>
#include <QPolygon>
#include <QRect>

#include <memory>

namespace dwb {

struct MaskDiff;
class MaskEditCommand;

// The class mask being edited (bit c = class c), held as a Format_Grayscale16 image. Every edit
// goes through here: tools paint on it, and each finished edit comes back as a MaskEditCommand
// that the caller pushes onto its undo stack. Views follow `changed` and redraw only that rect.
class MaskDocument : public QObject {
    Q_OBJECT

public:
    explicit MaskDocument(QObject* parent = nullptr);
    ~MaskDocument() override;

    // Replaces the whole mask (converted to Format_Grayscale16) and emits reset(); a stroke in
    // progress is dropped.
    void setMask(const QImage& mask);
    void clear();

    const QImage& mask() const { return m_mask; }
    QSize size() const { return m_mask.size(); }
    bool isNull() const { return m_mask.isNull(); }
    // The class bits of one pixel; 0 outside the mask.
    quint16 value(QPoint pixel) const;

    // A brush stroke paints live from press to release; finishStroke turns all of it into one
    // command (nullptr when nothing changed). Points may lie outside the mask.
    void beginStroke(QPoint pixel, int diameter, int classIndex, bool erase);
    void extendStroke(QPoint pixel);
    std::unique_ptr<MaskEditCommand> finishStroke();
    bool isStroking() const { return m_stroking; }

    // Fills the 4-connected area around `seed` whose class bit equals the seed's: sets the bit
    // there, or with `erase` clears it (which removes the class blob under the seed).
    std::unique_ptr<MaskEditCommand> floodFill(QPoint seed, int classIndex, bool erase);
    // Sets or clears the class bit on the polygon with its edges (pixel coordinates).
    std::unique_ptr<MaskEditCommand> fillPolygon(const QPolygon& pixels, int classIndex,
                                                 bool erase);
    // Sets the class bit where `prediction` (a class mask of the same size) has it and clears it
    // elsewhere, leaving the other classes alone; nullptr when the sizes differ or nothing changes.
    std::unique_ptr<MaskEditCommand> acceptPrediction(const QImage& prediction, int classIndex);
    // Clears the class bit everywhere; nullptr when no pixel has it.
    std::unique_ptr<MaskEditCommand> clearClass(int classIndex);
    // Makes `mask` (the same size) the content, as one undoable edit.
    std::unique_ptr<MaskEditCommand> replace(const QImage& mask, const QString& text);

signals:
    // Pixels inside `rect` may have changed.
    void changed(const QRect& rect);
    // The whole mask was replaced, possibly with one of another size.
    void reset();

private:
    friend class MaskEditCommand;
    // Writes a diff's after (or, reverting, before) values and emits changed().
    void applyDiff(const MaskDiff& diff, bool revert);
    std::unique_ptr<MaskEditCommand> commandFor(MaskDiff diff, const QString& text);

    QImage m_mask;
    // The stroke in progress: the mask at press, the rect painted since and the pen.
    QImage m_strokeStart;
    QRect m_strokeRect;
    QPoint m_lastPixel;
    int m_diameter = 1;
    int m_classIndex = 0;
    bool m_erase = false;
    bool m_stroking = false;
};

} // namespace dwb
