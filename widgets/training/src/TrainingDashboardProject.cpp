// The Train page's project: taking one, what its train split holds for the form, and telling
// the other pages of the runs it trains.

#include "dwb/widgets/TrainingDashboard.h"

#include "RunCurves.h"
#include "TrainingCharts.h"
#include "TrainingConfigForm.h"
#include "TrainingProgressPanel.h"

#include "dwb/storage/ProjectDb.h"
#include "dwb/train/DataDefaults.h"
#include "dwb/train/SampleSet.h"
#include "dwb/widgets/ProjectContext.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace dwb {

void TrainingDashboard::setProject(const QString& path, std::vector<ClassInfo> classes)
{
    if (m_training)
        return;
    m_projectPath = path;
    m_classes = std::move(classes);
    m_project.reset();
    if (!path.isEmpty()) {
        auto project = ProjectContext::connect(path, ProjectDb::Access::ReadWrite);
        if (project)
            m_project = std::make_unique<ProjectDb>(std::move(*project));
        else
            m_progress->setStatus(tr("Cannot open the project: %1")
                                      .arg(QString::fromStdString(project.error().message)));
    }
    m_form->setClassCount(static_cast<int>(m_classes.size()));
    showTrainData();
    m_charts->setClasses(m_classes);
    *m_live = RunCurves{};
    *m_shown = RunCurves{};
    *m_compare = RunCurves{};
    m_shownRun = 0;
    reloadRuns();
    const std::vector<qint64> runs = listedRuns();
    if (runs.empty() || !showRun(runs.back()))
        m_charts->clear();
    updateButtons();
}

// The train split's size and the input size "From the data" gives, for the form to show.
void TrainingDashboard::showTrainData()
{
    int images = 0;
    InputShape shape;
    if (m_project)
        if (auto train = samplesOfSplit(*m_project, Split::Train); train && !train->empty()) {
            images = static_cast<int>(train->size());
            shape = defaultInputShape(*train, m_form->config().inputChannels);
        }
    m_form->setTrainData(images, shape.height, shape.width);
}

void TrainingDashboard::announceRuns()
{
    if (m_context)
        m_context->notifyRunsChanged();
}

} // namespace dwb
