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
    m_plot->xAxis->setRange(0, 1.02);
    m_plot->yAxis->setRange(0, 1.02);
    m_plot->addGraph();
    m_plot->graph(0)->setLineStyle(QCPGraph::lsStepLeft);
    m_plot->addGraph();
    m_plot->graph(1)->setLineStyle(QCPGraph::lsNone);
    m_plot->graph(1)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 9));
    m_plot->setMinimumHeight(220);

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
    QVector<double> recall{0.0}, precision{1.0};
    for (const PrecisionRecallPoint& point : curve) {
        recall.push_back(point.recall);
        precision.push_back(point.precision);
    }
    if (curve.empty()) {
        recall.clear();
        precision.clear();
    }
    m_plot->graph(0)->setPen(QPen(colour, 2));
    m_plot->graph(0)->setData(recall, precision, true);
    m_plot->graph(1)->setPen(QPen(colour.darker(160), 2));
    m_plot->graph(1)->setData({atThreshold.recall}, {atThreshold.precision});
    m_plot->replot();
}

int ReviewMetricsView::curvePoints() const
{
    return m_plot->graph(0)->dataCount();
}

} // namespace dwb
