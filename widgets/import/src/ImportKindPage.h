#pragma once

#include <QWizardPage>

class QButtonGroup;

namespace dwb {

enum class DatasetKind;

// Import wizard, page 1: which kind of dataset folder to import, with a word on each layout.
class ImportKindPage : public QWizardPage {
    Q_OBJECT

public:
    explicit ImportKindPage(QWidget* parent = nullptr);

    DatasetKind kind() const;
    void setKind(DatasetKind kind);

private:
    QButtonGroup* m_kinds;
};

} // namespace dwb
