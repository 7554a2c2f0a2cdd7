#pragma once

#include "dwb/eval/ErrorReview.h"
#include "dwb/storage/ProjectTypes.h"

#include <QPointF>
#include <QWidget>

#include <initializer_list>
#include <utility>
#include <vector>

class QCPItemText;
class QCustomPlot;
class QTableWidget;
class QTableWidgetItem;

namespace dwb {

// The review page's metrics tab: a table of both kinds of metrics per class at each class's
// threshold (reviewMetrics), and the current class's precision-recall curve with the point of its
// current threshold.
class ReviewMetricsView : public QWidget {
    Q_OBJECT

public:
    explicit ReviewMetricsView(QWidget* parent = nullptr);

    void show(const MetricsReport& report, const std::vector<double>& thresholds,
              const std::vector<ClassInfo>& classes, const std::vector<PrecisionRecallPoint>& curve,
              int classIndex, const ClassReview& atThreshold);
    void clear();

    QTableWidget* table() const { return m_table; }
    int curvePoints() const;
    // The curve as drawn: (recall, precision) points of the step function whose area is the AP.
    std::vector<std::pair<double, double>> curve() const;
    // The current threshold's (recall, precision), (-1, -1) when none; whether it lies inside
    // the plotted ranges; and its label.
    QPointF thresholdPoint() const;
    bool thresholdPointVisible() const;
    QString thresholdText() const { return m_thresholdText; }

private:
    // Row `row`: the name in column 0, then the cells in order.
    void setRow(int row, QTableWidgetItem* name, std::initializer_list<QTableWidgetItem*> cells);

    void showThreshold(const QColor& colour, const ClassReview& at, bool noCurve);

    QTableWidget* m_table;
    QCustomPlot* m_plot;
    QCPItemText* m_thresholdLabel = nullptr;
    QString m_thresholdText;
};

} // namespace dwb
