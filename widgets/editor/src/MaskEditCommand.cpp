#include "dwb/widgets/MaskEditCommand.h"

#include "dwb/imaging/MaskEditing.h"
#include "dwb/widgets/MaskDocument.h"

namespace dwb {

MaskEditCommand::MaskEditCommand(MaskDocument* document, MaskDiff diff, const QString& text)
    : QUndoCommand(text)
    , m_document(document)
    , m_diff(std::make_unique<MaskDiff>(std::move(diff)))
{
}

MaskEditCommand::~MaskEditCommand() = default;

void MaskEditCommand::redo()
{
    m_document->applyDiff(*m_diff, false);
}

void MaskEditCommand::undo()
{
    m_document->applyDiff(*m_diff, true);
}

QRect MaskEditCommand::rect() const
{
    return {m_diff->rect.x, m_diff->rect.y, m_diff->rect.width, m_diff->rect.height};
}

int MaskEditCommand::changedPixels() const
{
    return m_diff->changedPixels();
}

} // namespace dwb
