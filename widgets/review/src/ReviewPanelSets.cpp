// The review panel's prediction sets: listing them for a project and loading one on the worker.

#include "dwb/widgets/ReviewPanel.h"

#include "ReviewPanelData.h"

#include "dwb/storage/ProjectDb.h"
#include "dwb/widgets/BackgroundJobs.h"

#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QTimer>

#include <algorithm>

namespace dwb {

// Newest run first; within a run the test split first, then the others by name. Selects
// `preferred` where listed, else the first, and loads it.
void ReviewPanel::listSets(std::vector<PredictionSetInfo> ordered, const SetKey& preferred)
{
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const PredictionSetInfo& a, const PredictionSetInfo& b) {
                         if (a.runId != b.runId)
                             return a.runId > b.runId;
                         return (a.split == "test") > (b.split == "test");
                     });
    {
        const QSignalBlocker blockSet(m_set);
        for (const PredictionSetInfo& info : ordered) {
            m_sets.push_back({info.runId, info.split, info.threshold, info.imageThresholds,
                              info.pixelThresholds});
            const int images = static_cast<int>(info.samples);
            const QString split = QString::fromStdString(info.split);
            m_set->addItem(info.imageThresholds.empty()
                               ? tr("Run %1, %2 split (%n image(s))", nullptr, images)
                                     .arg(info.runId)
                                     .arg(split)
                               : tr("Run %1, %2 split (%n image(s), calibrated)", nullptr, images)
                                     .arg(info.runId)
                                     .arg(split));
        }
    }
    const auto found = std::find_if(m_sets.begin(), m_sets.end(), [&](const SetKey& key) {
        return key.runId == preferred.runId && key.split == preferred.split;
    });
    const int index = found == m_sets.end() ? 0 : static_cast<int>(found - m_sets.begin());
    {
        const QSignalBlocker blockSet(m_set);
        m_set->setCurrentIndex(index);
    }
    m_stack->setCurrentIndex(1);
    loadSet(index);
}

void ReviewPanel::loadSet(int index)
{
    if (index < 0 || index >= static_cast<int>(m_sets.size()))
        return;
    m_loads->invalidate();
    m_rescore->stop();
    m_data.reset();
    m_loaded = false;
    m_gallery->clear();
    m_summary->setText(tr("Loading the cached predictions…"));
    m_note->clear();
    const SetKey key = m_sets[static_cast<std::size_t>(index)];
    // A calibrated model was evaluated at its own thresholds per class: the review starts there.
    m_thresholds.assign(m_classes.size(), key.threshold);
    m_pixelThresholds.assign(m_classes.size(), -1.0);
    for (std::size_t c = 0; c < m_classes.size(); ++c) {
        if (c < key.imageThresholds.size())
            m_thresholds[c] = key.imageThresholds[c];
        if (c < key.pixelThresholds.size())
            m_pixelThresholds[c] = key.pixelThresholds[c];
    }
    const QString path = m_projectPath;
    m_loads->start([path, key] { return loadReviewPanelData(path, key.runId, key.split); },
                   [this](Result<std::shared_ptr<ReviewPanelData>> result) {
                       if (!result) {
                           const QString message = QString::fromStdString(result.error().message);
                           m_summary->setText(
                               tr("Cannot load the cached predictions: %1").arg(message));
                           emit failed(message);
                           return;
                       }
                       onLoaded(std::move(*result));
                   });
}

void ReviewPanel::onLoaded(std::shared_ptr<ReviewPanelData> loadedData)
{
    m_data = std::make_unique<ReviewPanelData>(std::move(*loadedData));
    m_loaded = true;
    onClassChanged();
    emit loaded();
}

} // namespace dwb
