#pragma once

#include "dwb/storage/ProjectTypes.h"

#include <QImage>
#include <QString>
#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSlider;
class QSpinBox;
class QSplitter;

namespace dwb {

class AugmentProvenanceView;
class BackgroundJobs;
class GuidedCropPool;            // the prepared training images, shared with the worker
struct AugmentPreviewResult;     // one generated image with its provenance
struct AugmentPreviewGeneration; // what a generation hands back

// Guided-crop preview: generates N synthetic samples from the project's train split for a seed,
// with the class probabilities of inverse class frequency, of the latest training run's
// validation losses, or of sliders, and shows them with their masks. Selecting one shows its
// provenance: the base image and each pasted blob on its source image; double-clicking a source
// opens it (sampleActivated). The training images are prepared once per project on a worker
// thread, and every generation runs there too.
class AugmentPreviewPanel : public QWidget {
    Q_OBJECT

public:
    enum class Mode { InverseFrequency, LatestRun, Manual };

    explicit AugmentPreviewPanel(QWidget* parent = nullptr);
    ~AugmentPreviewPanel() override;

    // The project file and its classes; an empty path clears the panel.
    void setProject(const QString& projectPath, std::vector<ClassInfo> classes);

    void setCount(int count);
    void setSeed(int seed);
    void setMode(Mode mode);
    // Manual mode: one weight per class (0-100), in class order.
    void setManualWeights(const std::vector<int>& weights);

    // Starts a generation on the worker thread; generated() or failed() follows.
    void generate();
    bool isGenerating() const { return m_running; }

    int resultCount() const;
    // The probabilities the last generation used, per class.
    const std::vector<double>& probabilities() const { return m_probabilities; }
    // Shows the provenance of result `index`.
    void selectResult(int index);
    QListWidget* results() const { return m_results; }
    QListWidget* sources() const;

signals:
    void generated(int count);
    void failed(const QString& message);
    void sampleActivated(qint64 sampleId);

private:
    void onGenerated(AugmentPreviewGeneration generation, Mode mode);
    void showProvenance(int index);
    QSplitter* makeSplitter();

    QString m_projectPath;
    std::vector<ClassInfo> m_classes;
    std::shared_ptr<const GuidedCropPool> m_pool; // prepared by the first generation
    std::vector<AugmentPreviewResult> m_items;
    std::vector<double> m_probabilities;
    bool m_running = false;
    BackgroundJobs* m_jobs;

    QComboBox* m_mode;
    QSpinBox* m_count;
    QSpinBox* m_seed;
    std::vector<QSlider*> m_sliders;
    QWidget* m_sliderBox;
    QPushButton* m_generate;
    QLabel* m_status;
    QListWidget* m_results;
    AugmentProvenanceView* m_details;
};

} // namespace dwb
