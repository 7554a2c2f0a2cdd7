// The Train page's charts: readable after one epoch, lined up, and not squashed when empty.

#include "RunCurves.h"
#include "TrainingCharts.h"

#include "widgets/WidgetTestSupport.h"

#include <qcustomplot.h>

#include <QCoreApplication>
#include <QFontMetrics>

#include <gtest/gtest.h>

#include <tuple>

namespace dwb {
namespace {

std::vector<ClassInfo> threeClasses()
{
    return {{1, 0, "Pit", "#e69f00"}, {2, 1, "Scratch", "#56b4e9"}, {3, 2, "Patch", "#009e73"}};
}

RunCurves oneEpoch()
{
    RunCurves curves;
    curves.runId = 1;
    EpochPoint point;
    // Train and validation losses: total, classification, segmentation.
    std::tie(point.trainTotal, point.trainCls, point.trainSeg) = std::tuple(1.2, 0.7, 0.5);
    std::tie(point.valTotal, point.valCls, point.valSeg) = std::tuple(1.1, 0.6, 0.5);
    point.classLoss = {0.9, 1.4, 0.3};
    point.classIou = {0.2, 0.1, 0.4};
    point.classAp = {0.6, 0.5, 0.7};
    curves.epochs.push_back(point);
    return curves;
}

class TrainingChartsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        test::ensureApplication();
        m_charts = std::make_unique<TrainingCharts>();
        m_charts->resize(1000, 600); // about what the Train page gives them at 1280 x 800
        m_charts->QWidget::show();   // laid out, as on the page
        QCoreApplication::processEvents();
        m_charts->setClasses(threeClasses());
    }

    std::unique_ptr<TrainingCharts> m_charts;
};

// After one epoch each line is a single point: without markers the chart looked empty.
TEST_F(TrainingChartsTest, EveryLineShowsItsPointsAfterOneEpoch)
{
    m_charts->show(oneEpoch(), nullptr);
    for (int chart = 0; chart < 3; ++chart) {
        const QCustomPlot* plot = m_charts->plot(chart);
        ASSERT_GT(plot->graphCount(), 0) << "chart " << chart;
        for (int i = 0; i < plot->graphCount(); ++i) {
            const QCPGraph* graph = plot->graph(i);
            if (graph->data()->isEmpty())
                continue;
            EXPECT_NE(graph->scatterStyle().shape(), QCPScatterStyle::ssNone)
                << "chart " << chart << ", " << graph->name().toStdString();
        }
    }
}

// The three charts share the epoch axis: their plot areas start and end at the same x, and each
// y-axis title fits beside its chart.
TEST_F(TrainingChartsTest, TheChartsLineUpAndTheirTitlesFit)
{
    m_charts->show(oneEpoch(), nullptr);
    const QRect first = m_charts->plot(0)->axisRect()->rect();
    ASSERT_GT(first.height(), 50) << "laid out";
    for (int chart = 1; chart < 3; ++chart) {
        const QRect area = m_charts->plot(chart)->axisRect()->rect();
        EXPECT_EQ(area.left(), first.left()) << "chart " << chart;
        EXPECT_EQ(area.right(), first.right()) << "chart " << chart;
    }
    for (int chart = 0; chart < 3; ++chart) {
        const QCustomPlot* plot = m_charts->plot(chart);
        const QFontMetrics metrics(plot->yAxis->labelFont());
        EXPECT_LE(metrics.horizontalAdvance(plot->yAxis->label()),
                  plot->axisRect()->rect().height())
            << plot->yAxis->label().toStdString();
    }
}

// An epoch whose losses are all zero gave the loss charts an empty range and crammed ticks.
TEST_F(TrainingChartsTest, AnAllZeroChartKeepsAReadableRange)
{
    RunCurves zero;
    zero.runId = 1;
    EpochPoint point;
    point.classLoss = {0, 0, 0};
    point.classIou = {0, 0, 0};
    point.classAp = {0, 0, 0};
    zero.epochs.push_back(point);
    m_charts->show(zero, nullptr);
    for (int chart = 0; chart < 2; ++chart) {
        EXPECT_EQ(m_charts->plot(chart)->yAxis->range().lower, 0.0) << "chart " << chart;
        EXPECT_GE(m_charts->plot(chart)->yAxis->range().upper, 0.1) << "chart " << chart;
    }
    EXPECT_DOUBLE_EQ(m_charts->plot(2)->yAxis->range().upper, 1.05);
}

} // namespace
} // namespace dwb
