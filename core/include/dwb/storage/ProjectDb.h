#pragma once

#include "dwb/core/Error.h"
#include "dwb/storage/ProjectTypes.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct sqlite3;

namespace dwb {

namespace sqlite {
class Statement;
}

// ---- Synthetic samples (ProjectSynthetic.cpp) -----------------------------------------------
// One guided-crop synthetic image as stored: its provenance is the JSON text of
// dwb/augment/Provenance.h, enough to rebuild the image from the training samples.
struct SyntheticSampleRecord {
    std::int64_t id = 0;               // assigned when stored
    std::string createdAt;             // ISO 8601, UTC; assigned when stored
    std::optional<std::int64_t> runId; // the training run that generated it, if any
    std::optional<int> epoch; // for a run's samples: the epoch whose training set it joined
    std::uint64_t seed = 0;   // stored bit for bit in a signed 64-bit column
    std::int64_t baseSampleId = 0;
    std::uint32_t classBits = 0;        // classes visible in its mask
    std::string provenance;             // JSON (dwb-provenance/1)
    std::vector<std::uint8_t> imagePng; // empty: not stored
    std::vector<std::uint8_t> maskPng;  // class-mask PNG (encodeClassMaskPng); empty: not stored
};
// ---- end of synthetic samples ----------------------------------------------------------------

// ---- Cached predictions (ProjectPredictions.cpp) -------------------------------------------
// What a run's model predicted for one sample of a split.
struct PredictionRecord {
    std::int64_t sampleId = 0;
    std::vector<float> scores; // per class: sigmoid of the image logit
    // Per class: CV_8UC1 probability map at the network's mask resolution, value round(255 p).
    std::vector<cv::Mat> probabilities;
};

// The cached predictions of one run on one split, without the per-sample data.
struct PredictionSetInfo {
    std::int64_t runId = 0;
    std::string split;
    double threshold = 0.5; // the decision threshold the run was evaluated at
    // Per class, when the model was calibrated (empty otherwise): image-level and pixel
    // thresholds it was evaluated at.
    std::vector<double> imageThresholds;
    std::vector<double> pixelThresholds;
    int classes = 0;
    int width = 0; // of every probability map
    int height = 0;
    std::int64_t samples = 0; // filled when read; ignored when stored
    std::string createdAt;    // ISO 8601, UTC; assigned when stored
};
// ---- end of cached predictions ---------------------------------------------------------------

// ---- Sample review flags (ProjectSampleFlags.cpp) -------------------------------------------
// A sample flagged as ambiguous during error review: its label cannot be decided from the image.
struct AmbiguousSample {
    std::int64_t sampleId = 0;
    std::string note;
    std::string updatedAt; // ISO 8601, UTC
};
// ---- end of sample review flags --------------------------------------------------------------

// One project is one SQLite file (*.dwb): classes, samples, append-only mask revisions, imports
// and splits. WAL journal, foreign keys on, every write in a transaction. Not thread-safe: use
// one ProjectDb per thread.
class ProjectDb {
public:
    static constexpr int kSchemaVersion = 8;

    // Creates a new, empty project; fails if the file exists.
    static Result<ProjectDb> create(const std::filesystem::path& path);
    // Opens an existing project, migrating an older schema forward. A file that is not a
    // project, is truncated or has a newer schema is rejected and left byte-for-byte unchanged.
    static Result<ProjectDb> open(const std::filesystem::path& path);
    // Checks and opens an up-to-date project for reading only: it works on a read-only file or
    // disk, and nothing it does can change the project.
    static Result<ProjectDb> openReadOnly(const std::filesystem::path& path);
    // Opens the project if the file exists, else creates it.
    static Result<ProjectDb> openOrCreate(const std::filesystem::path& path);
    enum class Access { ReadWrite, ReadOnly };
    // Another connection to a project this process has already opened (checked and migrated):
    // for a worker thread. No file check or migration; fails when the schema is not the current
    // one. A read-only connection refuses every write.
    static Result<ProjectDb> connect(const std::filesystem::path& path, Access access);
    // Creates a project at an older schema version; for migration tests and tools only.
    static Result<ProjectDb> createAtVersion(const std::filesystem::path& path, int version);

    ProjectDb(ProjectDb&&) noexcept;
    ProjectDb& operator=(ProjectDb&&) noexcept;
    ~ProjectDb();

    // Absolute.
    const std::filesystem::path& path() const { return m_path; }
    Result<int> schemaVersion() const;

    // Copies the write-ahead log into the project file (what no reader needs); IoError when a write
    // fails (a full disk: the committed changes stay in the log and the project opens).
    Status checkpoint();
    // Runs `work` inside one transaction: committed if it succeeds, rolled back otherwise.
    Status transaction(const std::function<Status()>& work);

    Result<std::vector<ClassInfo>> classes() const;
    // Adds a class at the next free bit; fails past kMaxClasses or on a duplicate name.
    Result<ClassInfo> addClass(const std::string& name);

    // The sample whose image is at `imagePath`, if any.
    Result<std::optional<std::int64_t>> findSampleByPath(const std::string& imagePath) const;
    // Adds a sample with its first mask revision (CV_16UC1 class mask of the image's size).
    Result<std::int64_t> addSample(const NewSample& sample, const cv::Mat& mask,
                                   std::optional<std::int64_t> importId);
    Result<std::vector<SampleRecord>> samples() const;
    Result<SampleRecord> sample(std::int64_t sampleId) const;
    Result<std::int64_t> sampleCount() const;
    // Points a sample at another copy of its image. A relative path is taken from the project's
    // folder (a self-contained project that moves with its images: a training job's snapshot);
    // samples() and sample() always give absolute paths.
    Status setSampleImagePath(std::int64_t sampleId, const std::string& imagePath);
    // Writes a consistent copy of the whole project to `path` (SQLite's online backup), which
    // must not exist yet; this connection may go on being used meanwhile.
    Status backupTo(const std::filesystem::path& path) const;

    // The latest mask revision, or the given one.
    Result<cv::Mat> mask(std::int64_t sampleId, std::optional<int> revision = std::nullopt) const;
    // Appends a revision; earlier revisions stay. Returns the new revision number.
    Result<int> addMaskRevision(std::int64_t sampleId, const cv::Mat& mask,
                                const std::string& note);
    Result<std::vector<MaskRevisionInfo>> maskRevisions(std::int64_t sampleId) const;

    Status setSplits(const std::vector<std::pair<std::int64_t, Split>>& assignments);

    Result<std::int64_t> beginImport(const std::string& kind, const std::string& source);
    Status finishImport(std::int64_t importId, std::int64_t added, std::int64_t duplicates,
                        std::int64_t skipped);
    Result<std::vector<ImportRecord>> imports() const;

    // Training runs (ProjectRuns.cpp). Class bit -1 stands for all classes.
    Result<std::int64_t> createRun(const std::string& configText, const std::string& device);
    Status recordEpoch(std::int64_t runId, const RunEpochRecord& record);
    Status recordMetrics(std::int64_t runId, int epoch, const std::string& split,
                         const std::vector<MetricRow>& rows);
    Status updateRun(std::int64_t runId, const std::string& status, int epochsDone, double seconds,
                     const std::string& modelPath, const std::string& checkpointPath);
    // Forgets a run's training curves (losses, validation metrics) from `epoch` on.
    Status dropEpochsFrom(std::int64_t runId, int epoch);
    // Changes a run's status alone (finished_at set unless it is "running").
    Status setRunStatus(std::int64_t runId, const std::string& status);
    Result<std::vector<RunRecord>> runs() const;
    Result<RunRecord> run(std::int64_t runId) const;
    Result<std::vector<RunEpochRecord>> runEpochs(std::int64_t runId) const;
    Result<std::vector<MetricRow>> runMetrics(std::int64_t runId, int epoch,
                                              const std::string& split) const;

    // ---- Synthetic samples (ProjectSynthetic.cpp) ----
    // Stores one synthetic sample (id and createdAt are ignored) and returns its id.
    Result<std::int64_t> addSyntheticSample(const SyntheticSampleRecord& sample);
    // Synthetic samples in id order: all of them, or those of one run; the PNG bytes only when
    // `withPngs` (they can be large).
    Result<std::vector<SyntheticSampleRecord>>
    syntheticSamples(std::optional<std::int64_t> runId = std::nullopt, bool withPngs = false) const;
    // Records one augmentation trigger of a run with the samples it generated, replacing what an
    // earlier attempt at the same (run, epoch) stored (a resumed run regenerates its last set).
    Status recordAugmentation(std::int64_t runId, const AugmentationRecord& record,
                              const std::vector<SyntheticSampleRecord>& samples);
    // A run's triggers in epoch order, with their per-class rows.
    Result<std::vector<AugmentationRecord>> runAugmentations(std::int64_t runId) const;
    // ---- end of synthetic samples ----

    // ---- Cached predictions (ProjectPredictions.cpp) ----
    // Replaces the cached predictions of (info.runId, info.split) by `predictions`, each with
    // info.classes scores and maps of info.width x info.height (InvalidArgument otherwise).
    Status storePredictions(const PredictionSetInfo& info,
                            const std::vector<PredictionRecord>& predictions);
    // Every cached (run, split), ordered by run and split.
    Result<std::vector<PredictionSetInfo>> predictionSets() const;
    // The cached predictions of (run, split) in sample id order; NotFound when there are none.
    Result<std::vector<PredictionRecord>> predictions(std::int64_t runId,
                                                      const std::string& split) const;
    // ---- end of cached predictions ----

    // ---- Sample review flags (ProjectSampleFlags.cpp) ----
    // Sets or clears the ambiguous flag of a sample with its note; NotFound for an unknown sample.
    Status setAmbiguous(std::int64_t sampleId, bool ambiguous, const std::string& note = {});
    // The samples currently flagged ambiguous, in sample id order.
    Result<std::vector<AmbiguousSample>> ambiguousSamples() const;
    // ---- end of sample review flags ----

    Result<std::optional<std::string>> meta(const std::string& key) const;
    Status setMeta(const std::string& key, const std::string& value);

private:
    struct Connection;
    ProjectDb(std::filesystem::path path, std::unique_ptr<Connection> connection);
    sqlite3* handle() const;
    SampleRecord resolved(SampleRecord sample) const;
    // A cached prepared statement, reset and unbound when the returned handle goes away.
    Result<sqlite::Statement> prepare(std::string_view sql) const;

    std::filesystem::path m_path;
    std::unique_ptr<Connection> m_connection;
};

} // namespace dwb
