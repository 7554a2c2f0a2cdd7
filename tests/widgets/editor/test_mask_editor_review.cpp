#include "dwb/storage/ProjectDb.h"
#include "dwb/widgets/MaskEditor.h"

#include "support/TempDir.h"
#include "widgets/WidgetTestSupport.h"

#include <QAction>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include <gtest/gtest.h>

#include <algorithm>

namespace dwb {
namespace {

quint16 pixel(const QImage& mask, int x, int y)
{
    return reinterpret_cast<const quint16*>(mask.constScanLine(y))[x];
}

// The number of pixels where `expected(x, y, value)` differs from `actual`.
template <typename Expected>
int mismatches(const QImage& before, const QImage& actual, Expected expected)
{
    int wrong = 0;
    for (int y = 0; y < before.height(); ++y)
        for (int x = 0; x < before.width(); ++x)
            wrong += pixel(actual, x, y) != expected(x, y, pixel(before, x, y)) ? 1 : 0;
    return wrong;
}

int pixelsWithBit(const QImage& mask, int bit)
{
    int count = 0;
    for (int y = 0; y < mask.height(); ++y)
        for (int x = 0; x < mask.width(); ++x)
            count += (pixel(mask, x, y) >> bit) & 1;
    return count;
}

} // namespace

class MaskEditorReviewTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { test::ensureApplication(); }

    void SetUp() override
    {
        m_project = test::makeDemoProject(m_dir.path(), 16);
        ASSERT_TRUE(m_project);
        m_samples = *m_project->samples();
        m_editor.setUnsavedChangesPolicy(MaskEditor::UnsavedChangesPolicy::Discard);
        m_editor.setProject(m_project.get());
    }

    // The first sample whose mask holds class `bit`.
    const SampleRecord* sampleWithClass(int bit) const
    {
        const auto found =
            std::find_if(m_samples.begin(), m_samples.end(),
                         [bit](const SampleRecord& s) { return (s.maskBits >> bit) & 1u; });
        return found == m_samples.end() ? nullptr : &*found;
    }

    // Opens the first sample holding class `bit`, with that class current.
    bool openSampleWithClass(int bit)
    {
        const SampleRecord* sample = sampleWithClass(bit);
        return sample && m_editor.openSample(sample->id) && m_editor.setCurrentClass(bit);
    }

    test::TempDir m_dir;
    std::unique_ptr<ProjectDb> m_project;
    std::vector<SampleRecord> m_samples;
    MaskEditor m_editor;
};

TEST_F(MaskEditorReviewTest, AcceptPredictionSetsExactlyThePredictedPixelsAndUndoRestores)
{
    ASSERT_TRUE(openSampleWithClass(0));
    const QImage original = m_editor.mask();
    EXPECT_FALSE(m_editor.acceptPredictionAction()->isEnabled()) << "no prediction yet";

    // Class 0 predicted on a block that overlaps and misses the truth; class 1 bits everywhere
    // on one row, which accepting class 0 must ignore.
    QImage prediction(original.size(), QImage::Format_Grayscale16);
    prediction.fill(0);
    for (int y = 0; y < prediction.height(); ++y)
        for (int x = 0; x < prediction.width(); ++x) {
            quint16 bits = (x >= 5 && x < 30 && y >= 10 && y < 40) ? 1 : 0;
            if (y == 3)
                bits |= 2;
            reinterpret_cast<quint16*>(prediction.scanLine(y))[x] = bits;
        }
    m_editor.setPredictionLayer(prediction);
    ASSERT_FALSE(m_editor.predictionLayer().isNull());
    EXPECT_TRUE(m_editor.acceptPredictionAction()->isEnabled());
    EXPECT_FALSE(m_editor.canvas()->predictionOverlay().isNull()) << "the outline is drawn";
    m_editor.showPredictionAction()->setChecked(false);
    EXPECT_TRUE(m_editor.canvas()->predictionOverlay().isNull()) << "the toggle hides it";
    m_editor.showPredictionAction()->setChecked(true);

    const int before = m_editor.undoStack()->count();
    m_editor.acceptPredictionAction()->trigger();
    EXPECT_EQ(m_editor.undoStack()->count(), before + 1) << "one command";
    const QImage accepted = m_editor.mask();
    EXPECT_EQ(mismatches(original, accepted,
                         [&](int x, int y, quint16 value) {
                             return static_cast<quint16>((value & ~1u) |
                                                         (pixel(prediction, x, y) & 1u));
                         }),
              0);
    EXPECT_EQ(pixelsWithBit(accepted, 0), 25 * 30);
    EXPECT_TRUE(m_editor.isModified());

    m_editor.undoStack()->undo();
    EXPECT_EQ(m_editor.mask(), original);
    m_editor.undoStack()->redo();
    EXPECT_EQ(m_editor.mask(), accepted);
}

// A prediction without a pixel of the class used to erase the class's true labels without a
// word; the editor now asks, and does nothing unless the user agrees.
TEST_F(MaskEditorReviewTest, AcceptingAnEmptyPredictionAsksBeforeErasingTheLabels)
{
    ASSERT_TRUE(openSampleWithClass(0));
    const QImage original = m_editor.mask();
    const int labelled = pixelsWithBit(original, 0);
    ASSERT_GT(labelled, 0);
    QImage empty(original.size(), QImage::Format_Grayscale16);
    empty.fill(0);
    m_editor.setPredictionLayer(empty);

    std::vector<QString> asked;
    bool answer = false;
    m_editor.setConfirmation([&](const QString& title, const QString& text) {
        asked.push_back(title + QLatin1Char('|') + text);
        return answer;
    });
    const int commands = m_editor.undoStack()->count();
    EXPECT_FALSE(m_editor.acceptPrediction()) << "declined";
    ASSERT_EQ(asked.size(), 1u);
    EXPECT_TRUE(asked[0].contains(QString::number(labelled))) << asked[0].toStdString();
    EXPECT_EQ(m_editor.mask(), original);
    EXPECT_EQ(m_editor.undoStack()->count(), commands);

    answer = true;
    EXPECT_TRUE(m_editor.acceptPrediction());
    EXPECT_EQ(asked.size(), 2u);
    EXPECT_EQ(pixelsWithBit(m_editor.mask(), 0), 0);
    m_editor.undoStack()->undo();
    EXPECT_EQ(m_editor.mask(), original);

    // A prediction that keeps some of the class is accepted without a question.
    QImage some = empty.copy();
    reinterpret_cast<quint16*>(some.scanLine(2))[2] = 1;
    m_editor.setPredictionLayer(some);
    EXPECT_TRUE(m_editor.acceptPrediction());
    EXPECT_EQ(asked.size(), 2u);
}

// A predicted blob of four pixels was painted over in the prediction colour; it is now outlined:
// its own pixels stay clear and the pixels around it carry the line.
TEST_F(MaskEditorReviewTest, ATinyPredictedBlobIsOutlinedNotFilled)
{
    ASSERT_TRUE(openSampleWithClass(0));
    QImage prediction(m_editor.mask().size(), QImage::Format_Grayscale16);
    prediction.fill(0);
    for (int y = 20; y < 22; ++y)
        for (int x = 30; x < 32; ++x)
            reinterpret_cast<quint16*>(prediction.scanLine(y))[x] = 1;
    m_editor.setPredictionLayer(prediction);
    const QImage overlay = m_editor.canvas()->predictionOverlay();
    ASSERT_FALSE(overlay.isNull());
    for (int y = 20; y < 22; ++y)
        for (int x = 30; x < 32; ++x)
            EXPECT_EQ(qAlpha(overlay.pixel(x, y)), 0) << "predicted pixel " << x << "," << y;
    int ring = 0;
    for (int y = 19; y <= 22; ++y)
        for (int x = 29; x <= 32; ++x)
            ring += qAlpha(overlay.pixel(x, y)) == 255 ? 1 : 0;
    EXPECT_EQ(ring, 12) << "the 12 pixels around the 2 x 2 blob";
    EXPECT_EQ(qAlpha(overlay.pixel(10, 10)), 0) << "nothing far away";
}

TEST_F(MaskEditorReviewTest, PredictionOfAnotherSizeIsIgnoredAndOpeningClearsIt)
{
    ASSERT_TRUE(m_editor.openSample(m_samples[0].id));
    QImage wrong(3, 3, QImage::Format_Grayscale16);
    wrong.fill(1);
    m_editor.setPredictionLayer(wrong);
    EXPECT_TRUE(m_editor.predictionLayer().isNull());
    EXPECT_FALSE(m_editor.acceptPrediction());

    QImage right(m_editor.mask().size(), QImage::Format_Grayscale16);
    right.fill(1);
    m_editor.setPredictionLayer(right);
    EXPECT_FALSE(m_editor.predictionLayer().isNull());
    ASSERT_TRUE(m_editor.openSample(m_samples[1].id));
    EXPECT_TRUE(m_editor.predictionLayer().isNull()) << "a prediction belongs to one sample";
    EXPECT_TRUE(m_editor.canvas()->predictionOverlay().isNull());
}

TEST_F(MaskEditorReviewTest, MarkAsBackgroundClearsTheClassAndUndoRestores)
{
    int bit = 0;
    const SampleRecord* sample = nullptr;
    for (; bit < 3 && !sample; ++bit)
        sample = sampleWithClass(bit);
    --bit;
    ASSERT_NE(sample, nullptr);
    ASSERT_TRUE(m_editor.openSample(sample->id));
    ASSERT_TRUE(m_editor.setCurrentClass(bit));
    const QImage original = m_editor.mask();
    ASSERT_GT(pixelsWithBit(original, bit), 0);

    const int before = m_editor.undoStack()->count();
    m_editor.markAsBackgroundAction()->trigger();
    EXPECT_EQ(m_editor.undoStack()->count(), before + 1) << "one command";
    const QImage cleared = m_editor.mask();
    EXPECT_EQ(pixelsWithBit(cleared, bit), 0);
    EXPECT_EQ(mismatches(original, cleared,
                         [bit](int, int, quint16 value) {
                             return static_cast<quint16>(value & ~(1u << bit));
                         }),
              0)
        << "other classes stay";
    EXPECT_FALSE(m_editor.markAsBackground()) << "nothing left to clear: no command";
    EXPECT_EQ(m_editor.undoStack()->count(), before + 1);

    m_editor.undoStack()->undo();
    EXPECT_EQ(m_editor.mask(), original);
}

TEST_F(MaskEditorReviewTest, AmbiguousFlagPersistsAcrossReopeningTheProject)
{
    const qint64 flagged = m_samples[2].id;
    const qint64 other = m_samples[3].id;
    ASSERT_TRUE(m_editor.openSample(flagged));
    EXPECT_FALSE(m_editor.ambiguousAction()->isChecked());
    QSignalSpy announced(&m_editor, &MaskEditor::ambiguousChanged);
    m_editor.ambiguousAction()->trigger();
    EXPECT_TRUE(m_editor.isAmbiguous());
    ASSERT_EQ(announced.count(), 1) << "the Browse page hears of it";
    EXPECT_EQ(announced.at(0).at(0).toLongLong(), flagged);
    EXPECT_TRUE(announced.at(0).at(1).toBool());
    EXPECT_FALSE(m_editor.undoStack()->canUndo()) << "not an edit";
    ASSERT_TRUE(m_editor.openSample(other));
    EXPECT_FALSE(m_editor.ambiguousAction()->isChecked());
    m_editor.setProject(nullptr);

    {
        auto reopened = ProjectDb::open(m_project->path());
        ASSERT_TRUE(reopened) << reopened.error().message;
        MaskEditor editor;
        editor.setProject(&*reopened);
        ASSERT_TRUE(editor.openSample(flagged));
        EXPECT_TRUE(editor.ambiguousAction()->isChecked()) << "shown when the sample opens";
        ASSERT_TRUE(editor.openSample(other));
        EXPECT_FALSE(editor.ambiguousAction()->isChecked());
        ASSERT_TRUE(editor.openSample(flagged));
        editor.ambiguousAction()->trigger();
        EXPECT_FALSE(editor.isAmbiguous());
    }
    auto reopened = ProjectDb::open(m_project->path());
    ASSERT_TRUE(reopened);
    EXPECT_TRUE(reopened->ambiguousSamples()->empty());
}

} // namespace dwb
