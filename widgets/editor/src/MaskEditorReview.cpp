// MaskEditor: reviewing a model's prediction for the open sample.

#include "dwb/widgets/MaskEditor.h"

#include "MatImage.h"
#include "PredictionDrawing.h"

#include "dwb/imaging/ClassMask.h"
#include "dwb/imaging/Overlay.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/widgets/ClassOverlay.h"
#include "dwb/widgets/MaskDocument.h"
#include "dwb/widgets/MaskEditCommand.h"

#include <QAction>
#include <QComboBox>
#include <QMessageBox>
#include <QSignalBlocker>
#include <QToolBar>

#include <opencv2/core.hpp>

#include <algorithm>

namespace dwb {

void MaskEditor::buildReviewActions()
{
    m_bar->addSeparator();
    m_showPrediction = m_bar->addAction(tr("Prediction"));
    m_showPrediction->setCheckable(true);
    m_showPrediction->setChecked(true);
    m_showPrediction->setToolTip(tr("Show the model's prediction of the current class as an "
                                    "outline"));
    connect(m_showPrediction, &QAction::toggled, this, &MaskEditor::renderPrediction);

    m_acceptPrediction =
        m_bar->addAction(tr("Accept Prediction"), this, &MaskEditor::acceptPrediction);
    m_acceptPrediction->setToolTip(
        tr("Make the current class exactly the predicted pixels (undoable)"));
    m_markBackground =
        m_bar->addAction(tr("Mark as Background"), this, &MaskEditor::markAsBackground);
    m_markBackground->setToolTip(tr("Clear the current class everywhere (undoable)"));

    m_ambiguous = m_bar->addAction(tr("Ambiguous"));
    m_ambiguous->setCheckable(true);
    m_ambiguous->setToolTip(tr("Flag this sample as ambiguous in the project"));
    // triggered, not toggled: showing the stored state when a sample opens must not write it.
    connect(m_ambiguous, &QAction::triggered, this, [this](bool checked) {
        if (!setAmbiguous(checked)) {
            const QSignalBlocker block(m_ambiguous);
            m_ambiguous->setChecked(!checked);
        }
    });
    connect(m_class, &QComboBox::currentIndexChanged, this, &MaskEditor::renderPrediction);
    setPredictionLayer({});
    loadReviewState();
}

void MaskEditor::setPredictionLayer(const QImage& classMask)
{
    const bool fits =
        !classMask.isNull() && !m_document->isNull() && classMask.size() == m_document->size();
    m_prediction = fits ? classMask.convertToFormat(QImage::Format_Grayscale16) : QImage();
    if (m_showPrediction)
        m_showPrediction->setEnabled(!m_prediction.isNull());
    if (m_acceptPrediction)
        m_acceptPrediction->setEnabled(!m_prediction.isNull());
    renderPrediction();
}

namespace {

// 255 where a Format_Grayscale16 class mask holds class `bit`.
cv::Mat pixelsOf(const QImage& mask, int bit)
{
    return classPixels(classMaskView(mask), bit);
}

} // namespace

bool MaskEditor::acceptPrediction()
{
    const int bit = currentClass();
    if (m_prediction.isNull() || bit < 0)
        return false;
    // A prediction without the class would silently erase every label of it: say so first.
    if (const int labelled = cv::countNonZero(pixelsOf(m_document->mask(), bit));
        labelled > 0 && cv::countNonZero(pixelsOf(m_prediction, bit)) == 0) {
        QString name = QString::number(bit);
        for (const ClassInfo& info : m_classes)
            if (info.bit == bit)
                name = QString::fromStdString(info.name);
        const QString title = tr("Erase %1?").arg(name);
        const QString text = tr("The prediction holds no %1 pixel at its threshold. Accepting it "
                                "erases the %n labelled pixel(s) of %1 in this image (Undo brings "
                                "them back).",
                                nullptr, labelled)
                                 .arg(name);
        const bool go = m_confirm ? m_confirm(title, text)
                                  : QMessageBox::question(this, title, text,
                                                          QMessageBox::Yes | QMessageBox::Cancel,
                                                          QMessageBox::Cancel) == QMessageBox::Yes;
        if (!go)
            return false;
    }
    auto command = m_document->acceptPrediction(m_prediction, bit);
    if (!command)
        return false;
    pushEdit(std::move(command));
    return true;
}

bool MaskEditor::markAsBackground()
{
    const int bit = currentClass();
    if (bit < 0)
        return false;
    auto command = m_document->clearClass(bit);
    if (!command)
        return false;
    pushEdit(std::move(command));
    return true;
}

bool MaskEditor::setAmbiguous(bool ambiguous)
{
    if (!m_project || m_sampleId == 0)
        return false;
    if (auto ok = m_project->setAmbiguous(m_sampleId, ambiguous); !ok) {
        showError(tr("Cannot flag the sample"), QString::fromStdString(ok.error().message));
        return false;
    }
    const QSignalBlocker block(m_ambiguous);
    m_ambiguous->setChecked(ambiguous);
    emit ambiguousChanged(m_sampleId, ambiguous);
    return true;
}

bool MaskEditor::isAmbiguous() const
{
    return m_ambiguous->isChecked();
}

void MaskEditor::renderPrediction()
{
    const int bit = currentClass();
    if (m_prediction.isNull() || bit < 0 || !m_showPrediction->isChecked()) {
        m_canvas->setPredictionOverlay({});
        return;
    }
    const auto found = std::find_if(m_classes.begin(), m_classes.end(),
                                    [bit](const ClassInfo& info) { return info.bit == bit; });
    const QColor classColour(found == m_classes.end() ? QStringLiteral("#ff0000")
                                                      : QString::fromStdString(found->color));
    ClassInfo outline;
    outline.bit = bit;
    outline.color = contrastingColour(classColour).name().toStdString();
    OverlayStyle style;
    style.opacity = 255;
    m_canvas->setPredictionOverlay(
        // Drawn around the predicted pixels, so that a blob of a few pixels stays visible.
        renderClassOverlay(
            classMaskImage(classMaskFromBinary(outerRing(pixelsOf(m_prediction, bit), 1), bit)),
            {outline}, style));
}

void MaskEditor::loadReviewState()
{
    bool flagged = false;
    if (m_project && m_sampleId != 0) {
        if (auto samples = m_project->ambiguousSamples()) {
            flagged =
                std::any_of(samples->begin(), samples->end(),
                            [this](const AmbiguousSample& s) { return s.sampleId == m_sampleId; });
        }
    }
    const QSignalBlocker block(m_ambiguous);
    m_ambiguous->setChecked(flagged);
    m_ambiguous->setEnabled(m_project && m_sampleId != 0);
    m_markBackground->setEnabled(m_sampleId != 0);
}

} // namespace dwb
