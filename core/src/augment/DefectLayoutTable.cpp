#include "dwb/augment/DefectLayoutTable.h"

#include "dwb/augment/BlobExtractor.h"
#include "dwb/augment/LossGuidedSampler.h"
#include "dwb/imaging/ClassMask.h"

#include <algorithm>
#include <bit>

namespace dwb {

DefectLayoutTable DefectLayoutTable::fromLayouts(std::span<const DefectLayout> layouts)
{
    std::map<std::uint32_t, Entry> byBits;
    for (const DefectLayout& layout : layouts) {
        if (layout.classBits == 0 || layout.blobCount <= 0 ||
            std::popcount(layout.classBits) > kMaxLayoutClasses)
            continue;
        Entry& entry = byBits[layout.classBits];
        entry.classBits = layout.classBits;
        ++entry.images;
        ++entry.blobHistogram[layout.blobCount];
    }
    DefectLayoutTable table;
    for (auto& [bits, entry] : byBits)
        table.m_entries.push_back(std::move(entry));
    return table;
}

DefectLayoutTable DefectLayoutTable::fromSamples(std::span<const PreparedSample> samples,
                                                 int classCount)
{
    const std::uint32_t classes = classCount >= kMaxClasses ? 0xffffu : (1u << classCount) - 1u;
    std::vector<DefectLayout> layouts;
    for (const PreparedSample& sample : samples) {
        const std::uint32_t bits = presentClassBits(sample.mask) & classes;
        const auto blobs = extractBlobs(sample.mask, bits, classCount);
        layouts.push_back({bits, static_cast<int>(blobs.size())});
    }
    return fromLayouts(layouts);
}

int DefectLayoutTable::images() const
{
    int total = 0;
    for (const Entry& entry : m_entries)
        total += entry.images;
    return total;
}

DefectLayout DefectLayoutTable::drawFrom(const Entry& entry, Rng& rng)
{
    std::vector<double> weights;
    std::vector<int> counts;
    for (const auto& [blobs, images] : entry.blobHistogram) {
        counts.push_back(blobs);
        weights.push_back(images);
    }
    const int pick = drawWeighted(weights, rng);
    return {entry.classBits, counts[static_cast<std::size_t>(pick)]};
}

DefectLayout DefectLayoutTable::sampleLayout(Rng& rng) const
{
    std::vector<double> weights;
    for (const Entry& entry : m_entries)
        weights.push_back(entry.images);
    const int pick = drawWeighted(weights, rng);
    if (pick < 0)
        return {};
    return drawFrom(m_entries[static_cast<std::size_t>(pick)], rng);
}

DefectLayout DefectLayoutTable::sampleLayout(int classIndex, std::uint32_t allowed, Rng& rng) const
{
    const std::uint32_t bit = 1u << classIndex;
    std::vector<double> weights;
    for (const Entry& entry : m_entries) {
        const bool fits = (entry.classBits & bit) && (entry.classBits & ~allowed) == 0;
        weights.push_back(fits ? entry.images : 0);
    }
    const int pick = drawWeighted(weights, rng);
    if (pick < 0)
        return {bit, 1};
    return drawFrom(m_entries[static_cast<std::size_t>(pick)], rng);
}

} // namespace dwb
