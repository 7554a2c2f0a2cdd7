#include "ReviewMetricsView.h"

#include <qcustomplot.h>

#include <QHeaderView>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace dwb {
namespace {

QTableWidgetItem* number(double value, bool available = true)
{
    auto* item =
        new QTableWidgetItem(available ? QString::number(value, 'f', 3) : QStringLiteral("–"));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

// The curve as the step function whose area is the AP (docs/metrics.md: AP = sum of
// (R_k - R_{k-1}) * P_k): from (0, 1), one point where each new recall is first reached, drawn
// with each step's height taken from its right end. Points that only lower the precision at an
// unchanged recall add no area; drawn, they were the curve's vertical spikes.
void stepCurve(const std::vector<PrecisionRecallPoint>& curve, QVector<double>& recall,
               QVector<double>& precision)
{
    recall.clear();
    precision.clear();
    if (curve.empty())
        return;
    recall.push_back(0.0);
    precision.push_back(1.0);
    for (const PrecisionRecallPoint& point : curve)
        if (point.recall > recall.back()) {
            recall.push_back(point.recall);
            precision.push_back(point.precision);
        }
}

} // namespace

ReviewMetricsView::ReviewMetricsView(QWidget* parent)
    : QWidget(parent)
    , m_table(new QTableWidget(this))
    , m_plot(new QCustomPlot(this))
{
    const QStringList headers = {
        tr("Class"),   tr("Threshold"), tr("AP"),        tr("Precision"),
        tr("Recall"),  tr("F1"),        tr("Pixel IoU"), tr("Decision accuracy"),
        tr("Pair IoU")};
    m_table->setColumnCount(static_cast<int>(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->horizontalHeaderItem(7)->setToolTip(
        tr("Paper-comparable: the share of images whose decision for the class is right"));
    m_table->horizontalHeaderItem(8)->setToolTip(
        tr("Paper-comparable: the mean IoU over images, empty versus empty counted as 1"));
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_plot->xAxis->setLabel(tr("Recall"));
    m_plot->yAxis->setLabel(tr("Precision"));
    // A margin below 0 and above 1, so a point on an axis (nothing predicted) stays visible.
    m_plot->xAxis->setRange(-0.04, 1.04);
    m_plot->yAxis->setRange(-0.04, 1.04);
    m_plot->addGraph();
    m_plot->graph(0)->setLineStyle(QCPGraph::lsStepRight);
    m_plot->addGraph();
    m_plot->graph(1)->setLineStyle(QCPGraph::lsNone);
    m_plot->setMinimumHeight(220);
    m_thresholdLabel = new QCPItemText(m_plot);
    m_thresholdLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    m_thresholdLabel->setPadding(QMargins(4, 2, 4, 2));
    m_thresholdLabel->setBrush(QBrush(QColor(255, 255, 255, 220)));
    m_thresholdLabel->setVisible(false);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_plot);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

void ReviewMetricsView::setRow(int row, QTableWidgetItem* name,
                               std::initializer_list<QTableWidgetItem*> cells)
{
    m_table->setItem(row, 0, name);
    int column = 1;
    for (QTableWidgetItem* cell : cells)
        m_table->setItem(row, column++, cell);
}

void ReviewMetricsView::clear()
{
    m_table->setRowCount(0);
    m_plot->graph(0)->data()->clear();
    m_plot->graph(1)->data()->clear();
    m_thresholdLabel->setVisible(false);
    m_plot->replot();
}

void ReviewMetricsView::show(const MetricsReport& report, const std::vector<double>& thresholds,
                             const std::vector<ClassInfo>& classes,
                             const std::vector<PrecisionRecallPoint>& curve, int classIndex,
                             const ClassReview& atThreshold)
{
    const int rows = static_cast<int>(report.perClass.size());
    m_table->setRowCount(rows + 1);
    for (int c = 0; c < rows; ++c) {
        const ClassMetrics& m = report.perClass[static_cast<std::size_t>(c)];
        const QString name = c < static_cast<int>(classes.size())
                                 ? QString::fromStdString(classes[static_cast<std::size_t>(c)].name)
                                 : QString::number(c);
        setRow(c, new QTableWidgetItem(name),
               {number(thresholds.at(static_cast<std::size_t>(c))), number(m.ap, m.hasPositives()),
                number(m.precision), number(m.recall), number(m.f1), number(m.pixelIou),
                number(m.decisionAccuracy), number(m.pairIou)});
    }
    auto* mean = new QTableWidgetItem(tr("mean"));
    setRow(rows, mean,
           {new QTableWidgetItem(), number(report.meanAp, report.classesWithPositives > 0),
            number(report.meanPrecision), number(report.meanRecall), number(report.meanF1),
            number(report.meanPixelIou), number(report.paperMap), number(report.paperMiou)});
    QFont bold = mean->font();
    bold.setBold(true);
    for (int column = 0; column < m_table->columnCount(); ++column)
        m_table->item(rows, column)->setFont(bold);
    if (classIndex >= 0 && classIndex < rows)
        m_table->selectRow(classIndex);

    QColor colour = Qt::darkBlue;
    if (classIndex >= 0 && classIndex < static_cast<int>(classes.size()))
        colour =
            QColor(QString::fromStdString(classes[static_cast<std::size_t>(classIndex)].color));
    QVector<double> recall, precision;
    stepCurve(curve, recall, precision);
    QColor fill = colour;
    fill.setAlpha(40);
    m_plot->graph(0)->setPen(QPen(colour, 2));
    m_plot->graph(0)->setBrush(fill); // the shaded area is the AP
    m_plot->graph(0)->setData(recall, precision, true);
    showThreshold(colour, atThreshold, curve.empty());
    m_plot->replot();
}

void ReviewMetricsView::showThreshold(const QColor& colour, const ClassReview& at, bool noCurve)
{
    m_plot->graph(1)->data()->clear();
    m_thresholdLabel->setVisible(!noCurve);
    if (noCurve)
        return;
    // A ring with a white centre and a label: visible on the curve, on an axis and at the origin.
    m_plot->graph(1)->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(colour.darker(170), 2.5), Qt::white, 12));
    m_plot->graph(1)->setData({at.recall}, {at.precision});
    const bool nothingPredicted = at.tp + at.fp == 0;
    m_thresholdText =
        nothingPredicted
            ? tr("Threshold %1: nothing predicted").arg(at.threshold, 0, 'f', 2)
            : tr("Threshold %1: precision %2, recall %3")
                  .arg(at.threshold, 0, 'f', 2)
                  .arg(at.precision, 0, 'f', 2)
                  .arg(at.recall, 0, 'f', 2);
    m_thresholdLabel->setText(m_thresholdText);
    m_thresholdLabel->setColor(colour.darker(170));
    // Beside the point, on the side with room: left of it past mid-recall, below it when high.
    const bool right = at.recall > 0.5;
    const bool high = at.precision > 0.85;
    m_thresholdLabel->setPositionAlignment((right ? Qt::AlignRight : Qt::AlignLeft) |
                                           (high ? Qt::AlignTop : Qt::AlignBottom));
    m_thresholdLabel->position->setType(QCPItemPosition::ptPlotCoords);
    m_thresholdLabel->position->setCoords(at.recall + (right ? -0.03 : 0.03),
                                          at.precision + (high ? -0.03 : 0.03));
}

QPointF ReviewMetricsView::thresholdPoint() const
{
    const auto points = m_plot->graph(1)->data();
    if (points->isEmpty())
        return {-1, -1};
    return {points->begin()->key, points->begin()->value};
}

bool ReviewMetricsView::thresholdPointVisible() const
{
    const QPointF point = thresholdPoint();
    const QCPRange x = m_plot->xAxis->range();
    const QCPRange y = m_plot->yAxis->range();
    // Strictly inside both ranges: a point on the axis rectangle's edge is half hidden by it.
    return point.x() > x.lower && point.x() < x.upper && point.y() > y.lower &&
           point.y() < y.upper;
}

std::vector<std::pair<double, double>> ReviewMetricsView::curve() const
{
    std::vector<std::pair<double, double>> out;
    for (const QCPGraphData& point : *m_plot->graph(0)->data())
        out.emplace_back(point.key, point.value);
    return out;
}

int ReviewMetricsView::curvePoints() const
{
    return m_plot->graph(0)->dataCount();
}

} // namespace dwb
