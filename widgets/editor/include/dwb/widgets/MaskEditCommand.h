#pragma once

#include <QRect>
#include <QUndoCommand>

#include <memory>

namespace dwb {

struct MaskDiff;
class MaskDocument;

// One undoable mask edit (a whole brush stroke, a fill, a polygon, a revert): the values of the
// changed rect before and after. redo() writes the after values into the document, undo() the
// before values. Made by MaskDocument; the document must outlive the command.
class MaskEditCommand : public QUndoCommand {
public:
    MaskEditCommand(MaskDocument* document, MaskDiff diff, const QString& text);
    ~MaskEditCommand() override;

    void redo() override;
    void undo() override;

    // The rect the edit changed, in mask pixels.
    QRect rect() const;
    // The number of pixels whose value the edit changes.
    int changedPixels() const;

private:
    MaskDocument* m_document;
    std::unique_ptr<MaskDiff> m_diff;
};

} // namespace dwb
