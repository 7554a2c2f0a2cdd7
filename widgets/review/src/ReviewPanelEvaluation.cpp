// The review panel's evaluation row: evaluates a trained run on a split on the panel's worker
// thread, then lists the prediction sets again and opens the new one.

#include "dwb/widgets/ReviewPanel.h"

#include "dwb/eval/RunEvaluation.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/widgets/BackgroundJobs.h"
#include "dwb/widgets/ProjectContext.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStyle>

#include <algorithm>

namespace dwb {

QWidget* ReviewPanel::makeEvaluationRow()
{
    m_evalRun->setToolTip(tr("A trained run: its model is evaluated"));
    m_evalRun->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_evalSplit->addItem(tr("Test split"), static_cast<int>(Split::Test));
    m_evalSplit->addItem(tr("Validation split"), static_cast<int>(Split::Validation));
    m_evalSplit->setToolTip(tr("The split whose images are evaluated"));
    m_evaluate->setToolTip(tr("Runs the model over the split, stores its metrics with the run "
                              "and caches every image's predictions for this review"));
    m_evalBusy->setRange(0, 0); // busy: the evaluation reports no progress of its own
    m_evalBusy->setMaximumWidth(120);
    m_evalBusy->setTextVisible(false);
    m_evalBusy->hide();
    m_evalStatus->setWordWrap(true);
    m_evalStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    // The controls column's margin on the left, so the row lines up with it.
    const int margin = style()->pixelMetric(QStyle::PM_LayoutLeftMargin);
    layout->setContentsMargins(margin, margin / 2, margin, 0);
    auto* label = new QLabel(tr("&Model"), row);
    label->setBuddy(m_evalRun);
    layout->addWidget(label);
    layout->addWidget(m_evalRun);
    layout->addWidget(m_evalSplit);
    layout->addWidget(m_evaluate);
    layout->addWidget(m_evalBusy);
    layout->addWidget(m_evalStatus, 1);
    connect(m_evaluate, &QPushButton::clicked, this, &ReviewPanel::evaluate);
    return row;
}

void ReviewPanel::listRuns(const std::vector<RunRecord>& runs)
{
    const QSignalBlocker block(m_evalRun);
    const QVariant chosen = m_evalRun->currentData();
    m_evalRun->clear();
    // Newest first, as the prediction sets; only runs with a model can be evaluated.
    for (auto it = runs.rbegin(); it != runs.rend(); ++it)
        if (!it->modelPath.empty())
            m_evalRun->addItem(tr("Run %1 (%n epoch(s))", nullptr, it->epochsDone).arg(it->id),
                               QVariant::fromValue<qint64>(it->id));
    m_evalRun->setCurrentIndex(std::max(0, m_evalRun->findData(chosen)));
    setEvaluationBusy(m_evaluating);
}

void ReviewPanel::followProject(ProjectContext* context)
{
    connect(context, &ProjectContext::runsChanged, this, &ReviewPanel::refreshRuns);
}

void ReviewPanel::refreshRuns()
{
    if (m_projectPath.isEmpty())
        return;
    auto project = ProjectContext::connect(m_projectPath, ProjectDb::Access::ReadOnly);
    auto runs = project ? project->runs()
                        : Result<std::vector<RunRecord>>(std::unexpected(project.error()));
    if (!runs) {
        m_evalStatus->setText(
            tr("Cannot read the runs: %1").arg(QString::fromStdString(runs.error().message)));
        return;
    }
    listRuns(*runs);
}

QString ReviewPanel::evaluationStatus() const
{
    return m_evalStatus->text();
}

void ReviewPanel::setEvaluationBusy(bool busy)
{
    m_evaluating = busy;
    m_evalBusy->setVisible(busy);
    const bool canStart = !busy && m_evalRun->count() > 0;
    m_evaluate->setEnabled(canStart);
    m_evalRun->setEnabled(canStart);
    m_evalSplit->setEnabled(canStart);
}

void ReviewPanel::evaluate()
{
    if (m_evaluating || m_projectPath.isEmpty() || m_evalRun->currentIndex() < 0)
        return;
    const auto split = static_cast<Split>(m_evalSplit->currentData().toInt());
    SetKey key;
    key.runId = m_evalRun->currentData().toLongLong();
    key.split = splitName(split);
    setEvaluationBusy(true);
    m_evalStatus->setText(tr("Evaluating run %1 on the %2 split…")
                              .arg(key.runId)
                              .arg(QString::fromStdString(key.split)));
    m_cancelEvaluation = std::make_shared<std::atomic<bool>>(false);
    const QString path = m_projectPath;
    m_evaluations->start(
        [path, key, split, cancel = m_cancelEvaluation] {
            EvaluateRunOptions options;
            options.cancel = cancel.get();
            auto project = ProjectContext::connect(path, ProjectDb::Access::ReadWrite);
            const auto report = project
                                    ? evaluateRun(*project, key.runId, split, options)
                                    : Result<EvaluationReport>(std::unexpected(project.error()));
            if (!report)
                return std::make_pair(false, QString::fromStdString(report.error().message));
            return std::make_pair(true,
                                  tr("Run %1 on the %2 split: %n image(s) in %3 s, mAP %4, mIoU %5",
                                     nullptr, static_cast<int>(report->cached))
                                      .arg(key.runId)
                                      .arg(QString::fromStdString(key.split))
                                      .arg(report->seconds, 0, 'f', 1)
                                      .arg(report->metrics.paperMap, 0, 'f', 3)
                                      .arg(report->metrics.paperMiou, 0, 'f', 3));
        },
        [this, key](std::pair<bool, QString> outcome) {
            onEvaluated(key, outcome.first, outcome.second);
        });
}

void ReviewPanel::onEvaluated(SetKey key, bool ok, const QString& message)
{
    setEvaluationBusy(false);
    if (!ok) {
        m_evalStatus->setText(tr("Evaluation failed: %1").arg(message));
        emit failed(message);
        return;
    }
    // List the sets again and open the new one; the row keeps its choice.
    const int splitIndex = m_evalSplit->currentIndex();
    m_preferredSet = key;
    setProject(m_projectPath, m_classes);
    m_evalRun->setCurrentIndex(
        std::max(0, m_evalRun->findData(QVariant::fromValue<qint64>(key.runId))));
    m_evalSplit->setCurrentIndex(splitIndex);
    m_evalStatus->setText(message);
}

} // namespace dwb
