#include "RunCurves.h"

#include "dwb/storage/ProjectDb.h"

#include <QStringList>

#include <algorithm>
#include <optional>

namespace dwb {
namespace {

void insertPoint(std::vector<EpochPoint>& epochs, EpochPoint point)
{
    auto at = std::lower_bound(epochs.begin(), epochs.end(), point.epoch,
                               [](const EpochPoint& p, int epoch) { return p.epoch < epoch; });
    if (at != epochs.end() && at->epoch == point.epoch)
        *at = std::move(point);
    else
        epochs.insert(at, std::move(point));
}

double combined(double lambda, double cls, double seg)
{
    return lambda * cls + (1 - lambda) * seg;
}

// Per-class values of one stored metric, sized to the classes seen.
std::vector<double> metricPerClass(const std::vector<MetricRow>& rows, const std::string& name)
{
    std::vector<double> values;
    for (const MetricRow& row : rows) {
        if (row.classBit < 0 || row.name != name)
            continue;
        const auto bit = static_cast<std::size_t>(row.classBit);
        if (values.size() <= bit)
            values.resize(bit + 1, 0.0);
        values[bit] = row.value;
    }
    return values;
}

// A stored metric over all classes (class -1), if there is one.
std::optional<double> overallMetric(const std::vector<MetricRow>& rows, const std::string& name)
{
    for (const MetricRow& row : rows)
        if (row.classBit < 0 && row.name == name)
            return row.value;
    return std::nullopt;
}

// Marks each scored epoch that beats every earlier score, as the trainer does (its best score
// starts below any real one).
void markBest(std::vector<EpochPoint>& epochs)
{
    double best = -1;
    for (EpochPoint& point : epochs) {
        point.best = point.scored && point.score > best;
        if (point.best)
            best = point.score;
    }
}

QString number(double value)
{
    return QString::number(value, 'g', 8);
}

} // namespace

void RunCurves::add(const EpochSummary& summary)
{
    EpochPoint point;
    point.epoch = summary.epoch;
    point.lambda = summary.lambda;
    point.trainTotal = summary.train.total;
    point.trainCls = summary.train.cls;
    point.trainSeg = summary.train.seg;
    point.valTotal = summary.validation.total;
    point.valCls = summary.validation.cls;
    point.valSeg = summary.validation.seg;
    for (const ClassLoss& loss : summary.validation.perClass)
        point.classLoss.push_back(combined(summary.lambda, loss.cls, loss.seg));
    for (const ClassMetrics& metrics : summary.metrics.perClass) {
        point.classIou.push_back(metrics.pixelIou);
        point.classAp.push_back(metrics.ap);
    }
    point.seconds = summary.seconds;
    point.imagesPerSecond = summary.imagesPerSecond;
    point.score = summary.score;
    point.scored = true;
    point.best = summary.best;
    insertPoint(epochs, std::move(point));
}

int RunCurves::bestEpoch() const
{
    for (auto it = epochs.rbegin(); it != epochs.rend(); ++it)
        if (it->best)
            return it->epoch;
    return -1;
}

void RunCurves::addAugmentation(int epoch)
{
    if (std::find(augmentEpochs.begin(), augmentEpochs.end(), epoch) == augmentEpochs.end())
        augmentEpochs.push_back(epoch);
    std::sort(augmentEpochs.begin(), augmentEpochs.end());
}

Result<RunCurves> loadRunCurves(const ProjectDb& project, std::int64_t runId)
{
    auto records = project.runEpochs(runId);
    if (!records)
        return std::unexpected(records.error());
    RunCurves curves;
    curves.runId = runId;
    for (const RunEpochRecord& record : *records) {
        EpochPoint point;
        point.epoch = record.epoch;
        point.lambda = record.lambda;
        point.seconds = record.seconds;
        point.imagesPerSecond = record.imagesPerSecond;
        const auto fill = [&](const std::vector<LossRow>& rows, double& total, double& cls,
                              double& seg, std::vector<double>* perClass) {
            for (const LossRow& row : rows) {
                if (row.classBit < 0) {
                    cls = row.cls;
                    seg = row.seg;
                    total = combined(record.lambda, row.cls, row.seg);
                } else if (perClass) {
                    const auto bit = static_cast<std::size_t>(row.classBit);
                    if (perClass->size() <= bit)
                        perClass->resize(bit + 1, 0.0);
                    (*perClass)[bit] = combined(record.lambda, row.cls, row.seg);
                }
            }
        };
        fill(record.train, point.trainTotal, point.trainCls, point.trainSeg, nullptr);
        fill(record.validation, point.valTotal, point.valCls, point.valSeg, &point.classLoss);
        auto metrics = project.runMetrics(runId, record.epoch, "val");
        if (!metrics)
            return std::unexpected(metrics.error());
        point.classIou = metricPerClass(*metrics, "pixel_iou");
        point.classAp = metricPerClass(*metrics, "ap");
        if (const auto score = overallMetric(*metrics, "selection_score")) {
            point.score = *score;
            point.scored = true;
        }
        insertPoint(curves.epochs, std::move(point));
    }
    markBest(curves.epochs);
    auto augmentations = project.runAugmentations(runId);
    if (!augmentations)
        return std::unexpected(augmentations.error());
    for (const AugmentationRecord& record : *augmentations)
        curves.addAugmentation(record.epoch);
    return curves;
}

QString curvesToCsv(const RunCurves& curves, const std::vector<ClassInfo>& classes)
{
    QStringList header = {QStringLiteral("epoch"),       QStringLiteral("lambda"),
                          QStringLiteral("train_total"), QStringLiteral("train_cls"),
                          QStringLiteral("train_seg"),   QStringLiteral("val_total"),
                          QStringLiteral("val_cls"),     QStringLiteral("val_seg")};
    for (const ClassInfo& c : classes) {
        // Class names come from dataset folders: keep the header a plain comma-separated line.
        const QString name =
            QString::fromStdString(c.name).replace(QLatin1Char(','), QLatin1Char('_'));
        header << name + QStringLiteral("_val_loss") << name + QStringLiteral("_iou")
               << name + QStringLiteral("_ap");
    }
    header << QStringLiteral("augmented");
    QString csv = header.join(QLatin1Char(',')) + QLatin1Char('\n');
    const auto at = [](const std::vector<double>& values, std::size_t i) {
        return i < values.size() ? number(values[i]) : QString();
    };
    for (const EpochPoint& p : curves.epochs) {
        QStringList row = {QString::number(p.epoch + 1),
                           number(p.lambda),
                           number(p.trainTotal),
                           number(p.trainCls),
                           number(p.trainSeg),
                           number(p.valTotal),
                           number(p.valCls),
                           number(p.valSeg)};
        for (const ClassInfo& c : classes) {
            const auto bit = static_cast<std::size_t>(c.bit);
            row << at(p.classLoss, bit) << at(p.classIou, bit) << at(p.classAp, bit);
        }
        const bool augmented =
            std::binary_search(curves.augmentEpochs.begin(), curves.augmentEpochs.end(), p.epoch);
        row << QString::number(augmented ? 1 : 0);
        csv += row.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return csv;
}

} // namespace dwb
