#pragma once

#include <QLabel>

namespace dwb {

class ProjectContext;

// The status bar's summary of the open project: samples, each class with its colour and count,
// defect-free images and the split sizes.
class ProjectStatusLabel : public QLabel {
    Q_OBJECT

public:
    explicit ProjectStatusLabel(ProjectContext* context, QWidget* parent = nullptr);

    // Re-reads the counts.
    void refresh();

private:
    ProjectContext* m_context;
};

} // namespace dwb
