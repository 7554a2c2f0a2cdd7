// MaskEditor: reviewing a model's prediction for the open sample.

#include "dwb/widgets/MaskEditor.h"

#include "PredictionDrawing.h"

#include "dwb/storage/ProjectDb.h"
#include "dwb/widgets/ClassOverlay.h"
#include "dwb/widgets/MaskDocument.h"
#include "dwb/widgets/MaskEditCommand.h"

#include <QAction>
#include <QComboBox>
#include <QMessageBox>
#include <QSignalBlocker>
#include <QToolBar>

#include <algorithm>
#include <climits>

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

// The pixels of a Format_Grayscale16 class mask that hold class `bit`.
qint64 classPixels(const QImage& mask, int bit)
{
    const auto flag = static_cast<quint16>(1u << bit);
    qint64 count = 0;
    for (int y = 0; y < mask.height(); ++y) {
        const auto* row = reinterpret_cast<const quint16*>(mask.constScanLine(y));
        count += std::count_if(row, row + mask.width(), [flag](quint16 v) { return v & flag; });
    }
    return count;
}

// The pixels just outside the predicted pixels of class `bit` (8-neighbours that are not
// predicted), as a class mask of that bit: the prediction's outline drawn around it, so that a
// blob of a few pixels stays visible inside its outline instead of being painted over.
QImage ringAround(const QImage& prediction, int bit)
{
    const auto flag = static_cast<quint16>(1u << bit);
    const int width = prediction.width();
    const int height = prediction.height();
    QImage ring(prediction.size(), QImage::Format_Grayscale16);
    ring.fill(0);
    auto predicted = [&](int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height &&
               (reinterpret_cast<const quint16*>(prediction.constScanLine(y))[x] & flag);
    };
    for (int y = 0; y < height; ++y) {
        auto* out = reinterpret_cast<quint16*>(ring.scanLine(y));
        for (int x = 0; x < width; ++x) {
            if (predicted(x, y))
                continue;
            bool touches = false;
            for (int dy = -1; dy <= 1 && !touches; ++dy)
                for (int dx = -1; dx <= 1 && !touches; ++dx)
                    touches = predicted(x + dx, y + dy);
            out[x] = touches ? flag : 0;
        }
    }
    return ring;
}

} // namespace

bool MaskEditor::acceptPrediction()
{
    const int bit = currentClass();
    if (m_prediction.isNull() || bit < 0)
        return false;
    // A prediction without the class would silently erase every label of it: say so first.
    if (const qint64 labelled = classPixels(m_document->mask(), bit);
        labelled > 0 && classPixels(m_prediction, bit) == 0) {
        QString name = QString::number(bit);
        for (const ClassInfo& info : m_classes)
            if (info.bit == bit)
                name = QString::fromStdString(info.name);
        const QString title = tr("Erase %1?").arg(name);
        const QString text = tr("The prediction holds no %1 pixel at its threshold. Accepting it "
                                "erases the %n labelled pixel(s) of %1 in this image (Undo brings "
                                "them back).",
                                nullptr, static_cast<int>(std::min<qint64>(labelled, INT_MAX)))
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
        renderClassOverlay(ringAround(m_prediction, bit), {outline}, style));
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
