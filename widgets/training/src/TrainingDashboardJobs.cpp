// The Train page's hand-over of a run to another machine: a job folder out, its runs back in.

#include "dwb/widgets/TrainingDashboard.h"

#include "TrainingConfigForm.h"
#include "TrainingProgressPanel.h"

#include "dwb/storage/ProjectDb.h"
#include "dwb/train/TrainingJob.h"
#include "dwb/widgets/BackgroundJobs.h"

#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

namespace dwb {

QPushButton* TrainingDashboard::createImportJobButton(QWidget* parent)
{
    auto* button = new QPushButton(tr("Import Job Run…"), parent);
    button->setToolTip(tr("Bring back the runs a training job trained on another machine: "
                          "choose the project file in the job's folder."));
    connect(button, &QPushButton::clicked, this, &TrainingDashboard::importJobRunDialog);
    return button;
}

void TrainingDashboard::writeJobDialog()
{
    QSettings settings;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Write Training Job"));
    auto* folder = new QLineEdit(&dialog);
    folder->setText(settings.value(QStringLiteral("job/folder"), QDir::homePath()).toString() +
                    QStringLiteral("/") + QFileInfo(m_projectPath).completeBaseName() +
                    QStringLiteral("-job"));
    auto* browse = new QPushButton(tr("Browse…"), &dialog);
    auto* row = new QHBoxLayout;
    row->addWidget(folder, 1);
    row->addWidget(browse);
    auto* processes = new QSpinBox(&dialog);
    processes->setRange(1, 256);
    processes->setValue(settings.value(QStringLiteral("job/processes"), 1).toInt());
    processes->setToolTip(tr("Processes the job starts on its machine, for example one per GPU. "
                             "Each trains its share of every batch (docs/distributed.md)."));
    auto* copy = new QCheckBox(tr("Copy the images into the job folder"), &dialog);
    copy->setChecked(settings.value(QStringLiteral("job/copyImages"), true).toBool());
    copy->setToolTip(tr("Without copies, the training machine must see the images at the paths "
                        "this project knows them by."));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Write Job"));
    auto* form = new QFormLayout(&dialog);
    form->addRow(tr("New folder:"), row);
    form->addRow(tr("Processes:"), processes);
    form->addRow(copy);
    form->addRow(buttons);
    connect(browse, &QPushButton::clicked, &dialog, [&] {
        const QString chosen =
            QFileDialog::getExistingDirectory(&dialog, tr("Job Folder"), folder->text());
        if (!chosen.isEmpty())
            folder->setText(chosen);
    });
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted || folder->text().isEmpty())
        return;
    settings.setValue(QStringLiteral("job/folder"), QFileInfo(folder->text()).absolutePath());
    settings.setValue(QStringLiteral("job/processes"), processes->value());
    settings.setValue(QStringLiteral("job/copyImages"), copy->isChecked());
    writeJob(folder->text(), processes->value(), copy->isChecked());
}

bool TrainingDashboard::writeJob(const QString& folder, int processes, bool copyImages)
{
    if (m_exporting || !m_project || !m_form->isValid())
        return false;
    m_exporting = true;
    updateButtons();
    m_progress->setStatus(tr("Writing the training job to %1…").arg(folder));
    const std::filesystem::path project = m_project->path();
    JobOptions options;
    options.folder = folder.toStdString();
    options.processes = processes;
    options.copyImages = copyImages;
    const TrainingConfig config = m_form->config();
    m_exports->start(
        [=]() -> Result<JobSummary> {
            // Its own connection: a ProjectDb belongs to one thread.
            auto reader = ProjectDb::connect(project, ProjectDb::Access::ReadOnly);
            if (!reader)
                return std::unexpected(reader.error());
            return writeTrainingJob(*reader, config, options);
        },
        [this, folder](const Result<JobSummary>& job) {
            m_exporting = false;
            updateButtons();
            const QString message =
                job ? tr("Training job written to %1. On the training machine run: sh run.sh "
                         "[processes]; then bring the folder back and use Import Job Run…")
                          .arg(folder)
                    : tr("The training job was not written: %1")
                          .arg(QString::fromStdString(job.error().message));
            m_progress->setStatus(message);
            emit jobWritten(job.has_value(), message);
        });
    return true;
}

void TrainingDashboard::importJobRunDialog()
{
    QSettings settings;
    const QString start = settings.value(QStringLiteral("job/folder"), QDir::homePath()).toString();
    const QString file = QFileDialog::getOpenFileName(this, tr("Import Runs of a Training Job"),
                                                      start, tr("Projects (*.dwb)"));
    if (!file.isEmpty())
        importJobRuns(file);
}

int TrainingDashboard::importJobRuns(const QString& jobProject)
{
    if (!m_project || m_training)
        return -1;
    const auto failed = [this](const std::string& why) {
        m_progress->setStatus(tr("No run was imported: %1").arg(QString::fromStdString(why)));
        return -1;
    };
    auto source = ProjectDb::openReadOnly(jobProject.toStdString());
    if (!source)
        return failed(source.error().message);
    auto runs = jobRuns(*source);
    if (!runs)
        return failed(runs.error().message);
    if (runs->empty())
        return failed(jobProject.toStdString() + " holds no run of its job yet");
    qint64 last = 0;
    for (const std::int64_t run : *runs) {
        auto imported = importRun(*m_project, *source, run);
        if (!imported)
            return failed(imported.error().message);
        last = *imported;
    }
    reloadRuns();
    showRun(last);
    m_progress->setStatus(tr("%n run(s) of the job imported; the last is run %1.", nullptr,
                             static_cast<int>(runs->size()))
                              .arg(last));
    return static_cast<int>(runs->size());
}

} // namespace dwb
