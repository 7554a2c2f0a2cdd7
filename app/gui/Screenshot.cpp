#include "Screenshot.h"

#include "MainWindow.h"

#include "dwb/widgets/AugmentPreviewPanel.h"
#include "dwb/widgets/BrowsePage.h"
#include "dwb/widgets/MaskEditor.h"
#include "dwb/widgets/ProjectContext.h"
#include "dwb/widgets/ReviewPanel.h"
#include "dwb/widgets/SampleListModel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>

namespace dwb {
namespace {

// Calls `start` and runs the event loop until `sender` emits one of the two signals, or a
// minute passes.
template <class Sender, class Done, class Failed, class Start>
void waitFor(Sender* sender, Done done, Failed failed, Start start)
{
    QEventLoop loop;
    QObject::connect(sender, done, &loop, &QEventLoop::quit);
    QObject::connect(sender, failed, &loop, &QEventLoop::quit);
    QTimer::singleShot(60'000, &loop, &QEventLoop::quit);
    start();
    loop.exec();
}

void prepareEditor(MainWindow& window)
{
    if (window.editor()->sampleId() > 0)
        return;
    const QVariant id = window.browsePage()->currentIndex().data(SampleListModel::SampleIdRole);
    if (id.isValid())
        window.editSample(id.toLongLong());
}

void prepareReview(MainWindow& window)
{
    ReviewPanel* review = window.review();
    if (!review->isLoaded() && review->emptyText().isEmpty())
        waitFor(review, &ReviewPanel::loaded, &ReviewPanel::failed, [] {});
    // Something to look at: the false negatives when the first class has no false positive.
    if (review->isLoaded() && review->galleryCount() == 0)
        review->setShowing(false, false);
}

void prepareAugment(MainWindow& window)
{
    AugmentPreviewPanel* augment = window.augment();
    if (augment->resultCount() > 0 || !window.context()->isOpen())
        return;
    waitFor(augment, &AugmentPreviewPanel::generated, &AugmentPreviewPanel::failed,
            [augment] { augment->generate(); });
}

// The page `name` made ready to look at; false for an unknown name.
bool preparePanel(MainWindow& window, const QString& name)
{
    using Page = MainWindow::Page;
    if (name == QLatin1String("browser")) {
        window.showPage(Page::Browser);
    } else if (name == QLatin1String("editor")) {
        prepareEditor(window);
        window.showPage(Page::Editor);
    } else if (name == QLatin1String("augment")) {
        window.showPage(Page::Augment);
        prepareAugment(window);
    } else if (name == QLatin1String("training")) {
        window.showPage(Page::Training);
    } else if (name == QLatin1String("review")) {
        window.showPage(Page::Review);
        prepareReview(window);
    } else {
        return false;
    }
    return true;
}

} // namespace

int takeScreenshot(MainWindow& window, const QString& file, const QString& panel)
{
    QWidget* target = &window;
    if (!panel.isEmpty()) {
        if (!preparePanel(window, panel)) {
            std::fprintf(stderr,
                         "error: unknown panel '%s' (browser, editor, augment, training, review)\n",
                         qPrintable(panel));
            return 2;
        }
        target = window.pages();
    }
    window.show();
    // Let thumbnails decode and layouts settle before rendering.
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 1500)
        QApplication::processEvents(QEventLoop::AllEvents, 50);
    if (!target->grab().save(file)) {
        std::fprintf(stderr, "error: cannot write %s\n", qPrintable(file));
        return 1;
    }
    return 0;
}

} // namespace dwb
