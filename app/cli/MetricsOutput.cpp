#include "MetricsOutput.h"

#include <cstdio>

namespace dwb::cli {

void printMetrics(const MetricsReport& m, const std::vector<ClassInfo>& classes)
{
    std::printf("  %-14s %6s %6s %6s %6s %6s %8s | %8s %8s %8s\n", "class", "thr", "AP", "P", "R",
                "F1", "pixIoU", "acc", "pairIoU", "presIoU");
    for (std::size_t c = 0; c < m.perClass.size(); ++c) {
        const ClassMetrics& k = m.perClass[c];
        const std::string name = c < classes.size() ? classes[c].name : std::to_string(c);
        const double threshold = c < m.thresholds.size() ? m.thresholds[c] : m.threshold;
        if (k.hasPositives())
            std::printf("  %-14s %6.3f %6.3f", name.c_str(), threshold, k.ap);
        else
            std::printf("  %-14s %6.3f %6s", name.c_str(), threshold, "n/a");
        std::printf(" %6.3f %6.3f %6.3f %8.3f | %8.3f %8.3f %8.3f\n", k.precision, k.recall, k.f1,
                    k.pixelIou, k.decisionAccuracy, k.pairIou, k.presentIou);
    }
    std::printf("  %-14s %6s %6.3f %6.3f %6.3f %6.3f %8.3f | %8.3f %8.3f %8.3f\n", "(mean)", "",
                m.meanAp, m.meanPrecision, m.meanRecall, m.meanF1, m.meanPixelIou, m.paperMap,
                m.paperMiou, m.meanPresentIou);
    std::printf(
        "  standard: AP, precision, recall, F1 (image level, at the class's threshold thr), "
        "pixel IoU.\n"
        "  paper-comparable: mAP = decision accuracy and mIoU = pair IoU over all (image, "
        "class) pairs; presIoU over images holding the class.\n");
}

void writeMetrics(JsonWriter& json, const MetricsReport& m, const std::vector<ClassInfo>& classes)
{
    json.beginObject()
        .field("images", m.images)
        .field("threshold", m.threshold)
        .key("standard")
        .beginObject()
        .field("map", m.meanAp)
        .field("precision", m.meanPrecision)
        .field("recall", m.meanRecall)
        .field("f1", m.meanF1)
        .field("pixel_iou", m.meanPixelIou)
        .endObject()
        .key("paper")
        .beginObject()
        .field("map", m.paperMap)
        .field("miou", m.paperMiou)
        .field("present_iou", m.meanPresentIou)
        .endObject()
        .key("classes")
        .beginArray();
    for (std::size_t c = 0; c < m.perClass.size(); ++c) {
        const ClassMetrics& k = m.perClass[c];
        json.beginObject()
            .field("name", c < classes.size() ? classes[c].name : std::to_string(c))
            .field("positives", k.positives)
            .field("threshold", c < m.thresholds.size() ? m.thresholds[c] : m.threshold);
        if (k.hasPositives())
            json.field("ap", k.ap);
        else
            json.key("ap").null();
        json.field("precision", k.precision)
            .field("recall", k.recall)
            .field("f1", k.f1)
            .field("tp", k.tp)
            .field("fp", k.fp)
            .field("fn", k.fn)
            .field("tn", k.tn)
            .field("pixel_iou", k.pixelIou)
            .field("decision_accuracy", k.decisionAccuracy)
            .field("pair_iou", k.pairIou)
            .field("present_iou", k.presentIou)
            .endObject();
    }
    json.endArray().endObject();
}

void writeLoss(JsonWriter& json, const LossBreakdown& loss, const std::vector<ClassInfo>& classes)
{
    json.beginObject()
        .field("total", loss.total)
        .field("cls", loss.cls)
        .field("seg", loss.seg)
        .key("classes")
        .beginArray();
    for (std::size_t c = 0; c < loss.perClass.size(); ++c)
        json.beginObject()
            .field("name", c < classes.size() ? classes[c].name : std::to_string(c))
            .field("cls", loss.perClass[c].cls)
            .field("seg", loss.perClass[c].seg)
            .endObject();
    json.endArray().endObject();
}

} // namespace dwb::cli
