#pragma once

#include "dwb/storage/ProjectTypes.h"

#include <QWidget>

#include <vector>

class QAction;
class QListWidget;

namespace dwb {

// The mask revisions of one sample, newest first, with a "Revert to this revision" action for
// the selected one. It only lists and asks; the editor does the reverting.
class MaskHistoryPanel : public QWidget {
    Q_OBJECT

public:
    explicit MaskHistoryPanel(QWidget* parent = nullptr);

    void setRevisions(const std::vector<MaskRevisionInfo>& revisions);
    void clear();
    // The listed revision numbers, top to bottom.
    std::vector<int> revisions() const;
    QAction* revertAction() const { return m_revert; }

    // A stored revision note as shown: the workbench's own notes translated.
    static QString noteText(const std::string& note);

signals:
    void revertRequested(int revision);

private:
    QListWidget* m_list;
    QAction* m_revert;
};

} // namespace dwb
