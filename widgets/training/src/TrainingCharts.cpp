#include "TrainingCharts.h"

#include "RunCurves.h"

#include <QMenu>
#include <QPainter>
#include <QSplitter>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <functional>

namespace dwb {
namespace {

enum Chart { LossChart = 0, ClassLossChart = 1, ClassMetricChart = 2 };

const QColor kTotal(0x21, 0x21, 0x21);
const QColor kClassification(0x15, 0x65, 0xc0);
const QColor kSegmentation(0xef, 0x6c, 0x00);
const QColor kMarker(0x2e, 0x7d, 0x32);
const QColor kBest(0x8e, 0x24, 0xaa);

constexpr int kLegendWidth = 150;
constexpr int kLeftMargin = 64;       // the y axis' tick labels and title
constexpr double kMinLossRange = 0.1; // an empty or all-zero chart still gets readable ticks

QColor classColour(const ClassInfo& info)
{
    const QColor colour(QString::fromStdString(info.color));
    return colour.isValid() ? colour : QColor(Qt::darkGray);
}

struct LineStyle {
    QColor colour;
    bool compare = false; // the compared run: dashed
    bool light = false;   // the training split: lighter, beside the validation line
    QCPScatterStyle::ScatterShape shape = QCPScatterStyle::ssNone;
};

QCPGraph* addLine(QCustomPlot* plot, const QString& name, const LineStyle& style,
                  const RunCurves& curves, const std::function<double(const EpochPoint&)>& value)
{
    QVector<double> x, y;
    for (const EpochPoint& point : curves.epochs) {
        x.push_back(point.epoch + 1);
        y.push_back(value(point));
    }
    QCPGraph* graph = plot->addGraph();
    graph->setName(name);
    QColor colour = style.colour;
    if (style.light)
        colour = colour.lighter(170);
    QPen pen(colour, style.compare ? 1.2 : 1.8);
    if (style.compare)
        pen.setStyle(Qt::DashLine);
    graph->setPen(pen);
    graph->setScatterStyle(QCPScatterStyle(style.shape, colour, 5));
    graph->setData(x, y, true);
    // The compared run shares the shown run's colours; the combo box names it.
    if (style.compare)
        graph->removeFromLegend();
    return graph;
}

// The value of class `bit` in a per-class vector, 0 where the run has no such class.
double perClass(const std::vector<double>& values, int bit)
{
    const auto i = static_cast<std::size_t>(bit);
    return i < values.size() ? values[i] : 0.0;
}

} // namespace

TrainingCharts::TrainingCharts(QWidget* parent)
    : QWidget(parent)
{
    auto* splitter = new QSplitter(Qt::Vertical, this);
    m_plots[LossChart] = makePlot(tr("Loss"));
    m_plots[ClassLossChart] = makePlot(tr("Loss per class"));
    m_plots[ClassMetricChart] = makePlot(tr("IoU ● AP ▲"));
    for (QCustomPlot* plot : m_plots)
        splitter->addWidget(plot);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

QCustomPlot* TrainingCharts::makePlot(const QString& yLabel)
{
    auto* plot = new QCustomPlot(this);
    plot->setMinimumHeight(140);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->xAxis->setLabel(tr("Epoch"));
    plot->yAxis->setLabel(yLabel);
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot->xAxis->setTicker(ticker);
    plot->legend->setVisible(true);
    QFont font = plot->font();
    font.setPointSizeF(font.pointSizeF() * 0.8);
    plot->legend->setFont(font);
    // Beside the axes rather than over the lines, as wide in every chart, and the axes inset by
    // the same margin, so that the three charts' epochs line up.
    plot->plotLayout()->addElement(0, 1, plot->legend);
    plot->plotLayout()->setColumnStretchFactor(1, 0.001);
    plot->legend->setMinimumSize(kLegendWidth, 0);
    plot->legend->setMaximumSize(kLegendWidth, QWIDGETSIZE_MAX);
    plot->axisRect()->setAutoMargins(QCP::msTop | QCP::msBottom | QCP::msRight);
    plot->axisRect()->setMargins(QMargins(kLeftMargin, 0, 0, 0));
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(plot, &QWidget::customContextMenuRequested, this,
            [this, plot](const QPoint& at) { showContextMenu(plot, at); });
    connect(plot, &QCustomPlot::legendClick, this,
            [this, plot](QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*) {
                auto* entry = qobject_cast<QCPPlottableLegendItem*>(item);
                const auto chart = std::find(m_plots.begin(), m_plots.end(), plot);
                if (entry && chart != m_plots.end())
                    toggleLine(static_cast<int>(chart - m_plots.begin()),
                               entry->plottable()->name());
            });
    return plot;
}

void TrainingCharts::showContextMenu(QCustomPlot* plot, const QPoint& at)
{
    QMenu menu(this);
    menu.addAction(tr("Reset Zoom"), this, [plot] {
        plot->rescaleAxes();
        plot->xAxis->setRangeLower(0);
        plot->replot();
    });
    menu.addSeparator();
    menu.addAction(tr("Save Charts as PNG…"), this, &TrainingCharts::exportPngRequested);
    menu.addAction(tr("Export Data as CSV…"), this, &TrainingCharts::exportCsvRequested);
    menu.exec(plot->mapToGlobal(at));
}

void TrainingCharts::setClasses(std::vector<ClassInfo> classes)
{
    m_classes = std::move(classes);
}

void TrainingCharts::clear()
{
    for (QCustomPlot* plot : m_plots) {
        plot->clearGraphs();
        plot->clearItems();
        plot->replot();
    }
    m_markers = 0;
    m_bestEpoch = -1;
}

void TrainingCharts::show(const RunCurves& curves, const RunCurves* compare)
{
    for (QCustomPlot* plot : m_plots) {
        plot->clearGraphs();
        plot->clearItems();
    }
    m_compareSuffix = compare ? tr(" (run %1)").arg(compare->runId) : QString();
    drawLosses(curves, false);
    drawClassLosses(curves, false);
    drawClassMetrics(curves, false);
    if (compare) {
        drawLosses(*compare, true);
        drawClassLosses(*compare, true);
        drawClassMetrics(*compare, true);
    }
    drawMarkers(curves);
    drawBestMarker(curves);
    finishPlot(LossChart, 0);
    finishPlot(ClassLossChart, 0);
    finishPlot(ClassMetricChart, 1.05);
}

void TrainingCharts::drawLosses(const RunCurves& curves, bool compare)
{
    QCustomPlot* plot = m_plots[LossChart];
    const QString suffix = compare ? m_compareSuffix : QString();
    const auto line = [&](const QString& name, const QColor& colour, bool train,
                          double EpochPoint::*member) {
        // Every line has markers: after one epoch a line is a single point.
        LineStyle style{colour, compare, train,
                        train ? QCPScatterStyle::ssCircle : QCPScatterStyle::ssDisc};
        addLine(plot, name + suffix, style, curves,
                [member](const EpochPoint& p) { return p.*member; });
    };
    line(tr("Train total"), kTotal, true, &EpochPoint::trainTotal);
    line(tr("Train classification"), kClassification, true, &EpochPoint::trainCls);
    line(tr("Train segmentation"), kSegmentation, true, &EpochPoint::trainSeg);
    line(tr("Validation total"), kTotal, false, &EpochPoint::valTotal);
    line(tr("Validation classification"), kClassification, false, &EpochPoint::valCls);
    line(tr("Validation segmentation"), kSegmentation, false, &EpochPoint::valSeg);
}

void TrainingCharts::drawClassLosses(const RunCurves& curves, bool compare)
{
    const QString suffix = compare ? m_compareSuffix : QString();
    for (const ClassInfo& c : m_classes)
        addLine(m_plots[ClassLossChart], QString::fromStdString(c.name) + suffix,
                {classColour(c), compare, false, QCPScatterStyle::ssDisc}, curves,
                [bit = c.bit](const EpochPoint& p) { return perClass(p.classLoss, bit); });
}

void TrainingCharts::drawClassMetrics(const RunCurves& curves, bool compare)
{
    const QString suffix = compare ? m_compareSuffix : QString();
    for (const ClassInfo& c : m_classes) {
        const QString name = QString::fromStdString(c.name);
        addLine(m_plots[ClassMetricChart], tr("%1 IoU").arg(name) + suffix,
                {classColour(c), compare, false, QCPScatterStyle::ssDisc}, curves,
                [bit = c.bit](const EpochPoint& p) { return perClass(p.classIou, bit); });
        addLine(m_plots[ClassMetricChart], tr("%1 AP").arg(name) + suffix,
                {classColour(c), compare, false, QCPScatterStyle::ssTriangle}, curves,
                [bit = c.bit](const EpochPoint& p) { return perClass(p.classAp, bit); });
    }
}

void TrainingCharts::drawMarkers(const RunCurves& curves)
{
    m_markers = 0;
    for (const int epoch : curves.augmentEpochs) {
        for (QCustomPlot* plot : m_plots) {
            auto* line = new QCPItemStraightLine(plot);
            line->point1->setCoords(epoch + 0.5, 0);
            line->point2->setCoords(epoch + 0.5, 1);
            line->setPen(QPen(kMarker, 1.2, Qt::DotLine));
        }
        ++m_markers;
    }
}

// A solid line through the best epoch's points, labelled at the top of each chart.
void TrainingCharts::drawBestMarker(const RunCurves& curves)
{
    m_bestEpoch = curves.bestEpoch();
    if (m_bestEpoch < 0)
        return;
    const double x = m_bestEpoch + 1;
    for (QCustomPlot* plot : m_plots) {
        auto* line = new QCPItemStraightLine(plot);
        line->point1->setCoords(x, 0);
        line->point2->setCoords(x, 1);
        line->setPen(QPen(kBest, 1.5));
        auto* label = new QCPItemText(plot);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(x, 0.02);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        label->setPadding(QMargins(3, 0, 0, 0));
        label->setColor(kBest);
        label->setText(tr("best"));
    }
}

int TrainingCharts::bestEpochMarker() const
{
    return m_bestEpoch;
}

void TrainingCharts::finishPlot(int chart, double yMax)
{
    QCustomPlot* plot = m_plots[static_cast<std::size_t>(chart)];
    const QSet<QString>& hidden = m_hidden[static_cast<std::size_t>(chart)];
    int lastEpoch = 1;
    for (int i = 0; i < plot->graphCount(); ++i) {
        QCPGraph* graph = plot->graph(i);
        const bool visible = !hidden.contains(graph->name());
        graph->setVisible(visible);
        if (auto* entry = plot->legend->itemWithPlottable(graph))
            entry->setTextColor(visible ? QColor(Qt::black) : QColor(Qt::gray));
        if (!graph->data()->isEmpty())
            lastEpoch = std::max(lastEpoch, static_cast<int>((graph->data()->constEnd() - 1)->key));
    }
    plot->rescaleAxes(true);
    plot->xAxis->setRange(0, lastEpoch + 0.5);
    if (yMax > 0)
        plot->yAxis->setRange(0, yMax);
    else
        plot->yAxis->setRange(0, std::max(plot->yAxis->range().upper * 1.05, kMinLossRange));
    plot->replot();
}

bool TrainingCharts::toggleLine(int chart, const QString& name)
{
    if (chart < 0 || chart >= kCharts)
        return false;
    QCustomPlot* plot = m_plots[static_cast<std::size_t>(chart)];
    for (int i = 0; i < plot->graphCount(); ++i) {
        QCPGraph* graph = plot->graph(i);
        if (graph->name() != name)
            continue;
        QSet<QString>& hidden = m_hidden[static_cast<std::size_t>(chart)];
        const bool visible = !graph->visible();
        graph->setVisible(visible);
        if (visible)
            hidden.remove(name);
        else
            hidden.insert(name);
        if (auto* entry = plot->legend->itemWithPlottable(graph))
            entry->setTextColor(visible ? QColor(Qt::black) : QColor(Qt::gray));
        plot->replot();
        return true;
    }
    return false;
}

bool TrainingCharts::isLineVisible(int chart, const QString& name) const
{
    if (chart < 0 || chart >= kCharts)
        return false;
    const QCustomPlot* plot = m_plots[static_cast<std::size_t>(chart)];
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->name() == name)
            return plot->graph(i)->visible();
    return false;
}

int TrainingCharts::plottedEpochs() const
{
    const QCustomPlot* plot = m_plots[LossChart];
    return plot->graphCount() > 0 ? plot->graph(0)->dataCount() : 0;
}

int TrainingCharts::comparedEpochs() const
{
    // The compared run's lines follow the shown run's six loss lines.
    const QCustomPlot* plot = m_plots[LossChart];
    return plot->graphCount() > 6 ? plot->graph(6)->dataCount() : 0;
}

int TrainingCharts::augmentationMarkers() const
{
    return m_markers;
}

bool TrainingCharts::savePng(const QString& path) const
{
    constexpr int kWidth = 900;
    constexpr int kHeight = 320;
    QImage image(kWidth, kHeight * kCharts, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    for (int i = 0; i < kCharts; ++i)
        painter.drawPixmap(0, i * kHeight,
                           m_plots[static_cast<std::size_t>(i)]->toPixmap(kWidth, kHeight));
    painter.end();
    return image.save(path, "PNG");
}

} // namespace dwb
