// BackgroundJobs: work off the GUI thread, results back on it, older generations dropped.

#include "dwb/widgets/BackgroundJobs.h"

#include "widgets/WidgetTestSupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

namespace dwb {
namespace {

// Processes events until `done` or five seconds pass.
template <class Done>
bool waitUntil(Done done)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < 5000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(1);
    }
    return done();
}

TEST(BackgroundJobs, RunsOffTheGuiThreadAndDeliversOnIt)
{
    test::ensureApplication();
    BackgroundJobs jobs(2);
    QThread* const gui = QThread::currentThread();
    std::atomic<QThread*> workedOn = nullptr;
    QThread* deliveredOn = nullptr;
    int result = 0;
    jobs.start(
        [&] {
            workedOn = QThread::currentThread();
            return 6 * 7;
        },
        [&](int value) {
            deliveredOn = QThread::currentThread();
            result = value;
        });
    EXPECT_EQ(jobs.pending(), 1);
    ASSERT_TRUE(waitUntil([&] { return result != 0; }));
    EXPECT_EQ(result, 42);
    EXPECT_NE(workedOn.load(), gui);
    EXPECT_EQ(deliveredOn, gui);
    EXPECT_EQ(jobs.pending(), 0);
}

TEST(BackgroundJobs, ResultsOfAnOlderGenerationAreDropped)
{
    test::ensureApplication();
    BackgroundJobs jobs(1);
    std::atomic<bool> release = false;
    std::vector<int> delivered;
    jobs.start(
        [&] {
            while (!release)
                QThread::msleep(1);
            return 1;
        },
        [&](int value) { delivered.push_back(value); });
    const quint64 before = jobs.generation();
    jobs.restart([] { return 2; }, [&](int value) { delivered.push_back(value); });
    EXPECT_EQ(jobs.generation(), before + 1);
    release = true;
    ASSERT_TRUE(waitUntil([&] { return jobs.pending() == 0; }));
    EXPECT_EQ(delivered, std::vector<int>{2}) << "the first job finished but was superseded";
}

TEST(BackgroundJobs, VoidJobsAndQueueingInOrder)
{
    test::ensureApplication();
    BackgroundJobs jobs(1);
    std::vector<int> order;
    std::atomic<int> ran = 0;
    for (int i = 0; i < 5; ++i)
        jobs.start([&] { ++ran; }, [&order, i] { order.push_back(i); });
    jobs.waitForDone();
    EXPECT_EQ(ran.load(), 5) << "waitForDone returns once no job runs";
    ASSERT_TRUE(waitUntil([&] { return order.size() == 5; }));
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(BackgroundJobs, DestructionWaitsAndDeliversNothing)
{
    test::ensureApplication();
    std::atomic<bool> finished = false;
    bool delivered = false;
    {
        BackgroundJobs jobs(1);
        jobs.start(
            [&] {
                QThread::msleep(50);
                finished = true;
            },
            [&] { delivered = true; });
    }
    EXPECT_TRUE(finished) << "the destructor waited for the running job";
    QCoreApplication::processEvents();
    EXPECT_FALSE(delivered);
}

} // namespace
} // namespace dwb
