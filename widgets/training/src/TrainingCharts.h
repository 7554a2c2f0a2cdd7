#pragma once

#include "dwb/storage/ProjectTypes.h"

#include <QSet>
#include <QString>
#include <QWidget>

#include <array>
#include <vector>

class QCustomPlot;

namespace dwb {

struct RunCurves;

// The three live charts of a run: (a) total, classification and segmentation loss for train
// and validation; (b) per-class validation loss in the class colours; (c) per-class IoU and AP.
// A second run is drawn dashed for comparison; vertical lines mark guided-crop triggers and the
// best epoch (the one the run's model is from when it keeps its best epoch). Points
// sit at the end of their epoch (x = 1-based epoch); a trigger's line sits inside the first
// epoch that trained with its images (x = that epoch - 0.5). Drag pans, the wheel zooms, a
// legend click hides or shows a line, the context menu saves a PNG or the data.
class TrainingCharts : public QWidget {
    Q_OBJECT

public:
    explicit TrainingCharts(QWidget* parent = nullptr);

    void setClasses(std::vector<ClassInfo> classes);
    // Redraws from the curves; `compare` may be null.
    void show(const RunCurves& curves, const RunCurves* compare);
    void clear();

    // The three charts stacked into one image.
    bool savePng(const QString& path) const;

    int plottedEpochs() const;  // points of the train-total line
    int comparedEpochs() const; // points of the compared run's train-total line; 0: none
    int augmentationMarkers() const;
    // The 0-based epoch the best-epoch line marks; -1: none.
    int bestEpochMarker() const;
    // Hides or shows a line by its legend name, as a legend click does; false if none has it.
    bool toggleLine(int chart, const QString& name);
    bool isLineVisible(int chart, const QString& name) const;
    // Chart `chart` (0 losses, 1 validation loss per class, 2 IoU and AP), for tests.
    const QCustomPlot* plot(int chart) const { return m_plots.at(static_cast<std::size_t>(chart)); }

signals:
    void exportPngRequested();
    void exportCsvRequested();

private:
    static constexpr int kCharts = 3;
    QCustomPlot* makePlot(const QString& yLabel);
    void drawLosses(const RunCurves& curves, bool compare);
    void drawClassLosses(const RunCurves& curves, bool compare);
    void drawClassMetrics(const RunCurves& curves, bool compare);
    void drawMarkers(const RunCurves& curves);
    void drawBestMarker(const RunCurves& curves);
    void finishPlot(int chart, double yMax);
    void showContextMenu(QCustomPlot* plot, const QPoint& at);

    std::vector<ClassInfo> m_classes;
    std::array<QCustomPlot*, kCharts> m_plots{};
    std::array<QSet<QString>, kCharts> m_hidden; // lines the user hid, kept across redraws
    QString m_compareSuffix;
    int m_markers = 0;
    int m_bestEpoch = -1;
};

} // namespace dwb
