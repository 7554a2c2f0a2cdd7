#pragma once

// How defects are laid out in the training images: which class combinations occur together and
// how many blobs an image carries. Synthetic images follow this table so that they look like the
// dataset's own defective images, not like a uniform mix.

#include "dwb/core/Random.h"
#include "dwb/train/SampleSet.h"

#include <cstdint>
#include <map>
#include <span>
#include <vector>

namespace dwb {

struct DefectLayout {
    std::uint32_t classBits = 0; // the classes of one image, at most kMaxLayoutClasses
    int blobCount = 0;           // blobs over all its classes, at least one per class
};

class DefectLayoutTable {
public:
    static constexpr int kMaxLayoutClasses = 3;

    struct Entry {
        std::uint32_t classBits = 0;
        int images = 0;                   // training images with exactly these classes
        std::map<int, int> blobHistogram; // blob count -> images
    };

    DefectLayoutTable() = default;
    // One layout per image: its mask classes and blob count. Images without blobs, and images
    // with more than kMaxLayoutClasses classes (rare, and the method pastes at most three),
    // are left out.
    static DefectLayoutTable fromLayouts(std::span<const DefectLayout> layouts);
    // The table of prepared training samples: mask classes below `classCount`, blobs counted
    // as in extractBlobs.
    static DefectLayoutTable fromSamples(std::span<const PreparedSample> samples, int classCount);

    // Entries in ascending classBits order.
    const std::vector<Entry>& entries() const { return m_entries; }
    int images() const;

    // A layout drawn with the table's frequencies: a combination by its image count, then a
    // blob count from that combination's histogram. {0, 0} for an empty table.
    DefectLayout sampleLayout(Rng& rng) const;
    // Like sampleLayout, among the combinations that hold `classIndex` and only classes in
    // `allowed`. {that class alone, 1 blob} when there is none.
    DefectLayout sampleLayout(int classIndex, std::uint32_t allowed, Rng& rng) const;

private:
    static DefectLayout drawFrom(const Entry& entry, Rng& rng);

    std::vector<Entry> m_entries;
};

} // namespace dwb
