#include "ImportSourcePage.h"

#include "ImportKindPage.h"
#include "dwb/dataset/Importers.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>

namespace dwb {
namespace {

const QString kSuffix = QStringLiteral("dwb");

void showStatus(QLabel* label, const QString& text, bool error)
{
    label->setText(text);
    label->setStyleSheet(error ? QStringLiteral("color: #c0392b") : QString());
}

} // namespace

ImportSourcePage::ImportSourcePage(const ImportKindPage* kindPage, QWidget* parent)
    : QWizardPage(parent)
    , m_kindPage(kindPage)
    , m_source(new QLineEdit(this))
    , m_sourceStatus(new QLabel(this))
    , m_project(new QLineEdit(this))
    , m_projectStatus(new QLabel(this))
    , m_scanTimer(new QTimer(this))
{
    setTitle(tr("Source and project"));
    setSubTitle(tr("Choose the dataset folder and where to create the new project."));
    // After this page the import runs: there is no going back to change it.
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("&Import"));

    m_source->setObjectName(QStringLiteral("sourceFolder"));
    m_project->setObjectName(QStringLiteral("projectPath"));
    m_sourceStatus->setObjectName(QStringLiteral("sourceStatus"));
    m_projectStatus->setObjectName(QStringLiteral("projectStatus"));
    m_source->setPlaceholderText(tr("Dataset folder"));
    m_project->setPlaceholderText(tr("New project file (*.dwb)"));
    m_sourceStatus->setWordWrap(true);
    m_projectStatus->setWordWrap(true);
    auto* browseSourceButton = new QPushButton(tr("Browse…"), this);
    auto* browseProjectButton = new QPushButton(tr("Browse…"), this);

    auto* layout = new QGridLayout(this);
    layout->addWidget(new QLabel(tr("Dataset &folder:"), this), 0, 0);
    layout->addWidget(m_source, 0, 1);
    layout->addWidget(browseSourceButton, 0, 2);
    layout->addWidget(m_sourceStatus, 1, 1, 1, 2);
    layout->addWidget(new QLabel(tr("New &project:"), this), 2, 0);
    layout->addWidget(m_project, 2, 1);
    layout->addWidget(browseProjectButton, 2, 2);
    layout->addWidget(m_projectStatus, 3, 1, 1, 2);
    layout->setRowStretch(4, 1);
    qobject_cast<QLabel*>(layout->itemAtPosition(0, 0)->widget())->setBuddy(m_source);
    qobject_cast<QLabel*>(layout->itemAtPosition(2, 0)->widget())->setBuddy(m_project);

    // Scanning reads the folder and its label files: wait until typing pauses.
    m_scanTimer->setSingleShot(true);
    m_scanTimer->setInterval(400);
    connect(m_scanTimer, &QTimer::timeout, this, &ImportSourcePage::scan);
    connect(m_source, &QLineEdit::textEdited, this, [this] {
        m_plan.reset();
        m_scanned.clear();
        showStatus(m_sourceStatus, QString(), false);
        m_scanTimer->start();
        emit completeChanged();
    });
    connect(m_source, &QLineEdit::editingFinished, this, [this] {
        if (m_scanTimer->isActive())
            scan();
    });
    connect(m_project, &QLineEdit::textChanged, this, &ImportSourcePage::checkProjectPath);
    connect(browseSourceButton, &QPushButton::clicked, this, &ImportSourcePage::browseSource);
    connect(browseProjectButton, &QPushButton::clicked, this, &ImportSourcePage::browseProject);
    checkProjectPath();
}

ImportSourcePage::~ImportSourcePage() = default;

QString ImportSourcePage::sourceFolder() const
{
    return m_source->text().trimmed();
}

void ImportSourcePage::setSourceFolder(const QString& folder)
{
    m_source->setText(folder);
    scan();
}

QString ImportSourcePage::projectPath() const
{
    QString path = m_project->text().trimmed();
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + kSuffix;
    return path.isEmpty() ? path : QFileInfo(path).absoluteFilePath();
}

void ImportSourcePage::setProjectPath(const QString& path)
{
    m_project->setText(path);
}

void ImportSourcePage::initializePage()
{
    // The kind may have changed since the last scan.
    if (!sourceFolder().isEmpty())
        scan();
}

bool ImportSourcePage::isComplete() const
{
    return m_plan && m_scanned == sourceFolder() && m_projectOk;
}

void ImportSourcePage::browseSource()
{
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Dataset Folder"), sourceFolder());
    if (!folder.isEmpty())
        setSourceFolder(QDir::toNativeSeparators(folder));
}

void ImportSourcePage::browseProject()
{
    QString start = m_project->text();
    if (start.isEmpty() && !sourceFolder().isEmpty())
        start = QFileInfo(sourceFolder()).absoluteFilePath() + QLatin1Char('.') + kSuffix;
    const QString path = QFileDialog::getSaveFileName(this, tr("New Project"), start,
                                                      tr("Defect Workbench projects (*.dwb)"),
                                                      nullptr, QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        setProjectPath(QDir::toNativeSeparators(path));
}

void ImportSourcePage::scan()
{
    m_scanTimer->stop();
    m_plan.reset();
    m_scanned = sourceFolder();
    if (m_scanned.isEmpty()) {
        showStatus(m_sourceStatus, QString(), false);
        emit completeChanged();
        return;
    }
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto plan = scanDataset(m_kindPage->kind(), m_scanned.toStdString());
    QApplication::restoreOverrideCursor();
    if (!plan) {
        showStatus(m_sourceStatus, QString::fromStdString(plan.error().message), true);
    } else if (plan->samples.empty()) {
        showStatus(m_sourceStatus, tr("No samples found in this folder."), true);
    } else {
        QString text = tr("%n sample(s) found", nullptr, static_cast<int>(plan->samples.size()));
        if (!plan->warnings.empty())
            text += QStringLiteral(", ") +
                    tr("%n warning(s)", nullptr, static_cast<int>(plan->warnings.size()));
        showStatus(m_sourceStatus, text, false);
        m_plan = std::make_shared<const ImportPlan>(std::move(*plan));
    }
    emit completeChanged();
}

void ImportSourcePage::checkProjectPath()
{
    const QString path = projectPath();
    QString problem;
    if (path.isEmpty())
        problem = tr("Choose where to create the project.");
    else if (QFileInfo(path).suffix() != kSuffix)
        problem = tr("A project file name must end in .dwb.");
    else if (QFileInfo::exists(path))
        problem = tr("%1 exists; choose a new file name.").arg(QFileInfo(path).fileName());
    else if (!QFileInfo(QFileInfo(path).path()).isDir())
        problem = tr("The folder %1 does not exist.").arg(QFileInfo(path).path());
    m_projectOk = problem.isEmpty();
    showStatus(m_projectStatus, problem, m_projectOk ? false : !m_project->text().isEmpty());
    emit completeChanged();
}

} // namespace dwb
