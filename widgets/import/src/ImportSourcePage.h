#pragma once

#include <QWizardPage>

#include <memory>

class QLabel;
class QLineEdit;
class QTimer;

namespace dwb {

class ImportKindPage;
struct ImportPlan;

// Import wizard, page 2: the dataset folder, checked by running the scanner for the chosen kind
// (its error, or the number of samples found, shows under the field), and the new project file.
class ImportSourcePage : public QWizardPage {
    Q_OBJECT

public:
    ImportSourcePage(const ImportKindPage* kindPage, QWidget* parent = nullptr);
    ~ImportSourcePage() override;

    QString sourceFolder() const;
    void setSourceFolder(const QString& folder);
    // With ".dwb" appended when the name has no suffix.
    QString projectPath() const;
    void setProjectPath(const QString& path);
    // The plan of the last successful scan of sourceFolder(); null when it failed.
    std::shared_ptr<const ImportPlan> plan() const { return m_plan; }

    void initializePage() override;
    bool isComplete() const override;

private:
    void browseSource();
    void browseProject();
    void scan();
    void checkProjectPath();

    const ImportKindPage* m_kindPage;
    QLineEdit* m_source;
    QLabel* m_sourceStatus;
    QLineEdit* m_project;
    QLabel* m_projectStatus;
    QTimer* m_scanTimer;
    std::shared_ptr<const ImportPlan> m_plan;
    QString m_scanned; // the folder m_plan was scanned from
    bool m_projectOk = false;
};

} // namespace dwb
