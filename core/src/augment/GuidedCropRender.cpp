#include "GuidedCropRender.h"

#include "dwb/imaging/ClassMask.h"

#include <opencv2/core.hpp>

#include <cstring>
#include <map>
#include <unordered_map>

namespace dwb::detail {
namespace {

// The image, its mask and, when traced, where each pixel came from: transformed together.
struct Canvas {
    cv::Mat image;
    cv::Mat mask;
    cv::Mat paste;
    cv::Mat sourcePixel;

    template <typename Transform>
    void forEach(Transform transform)
    {
        for (cv::Mat* mat : {&image, &mask, &paste, &sourcePixel})
            if (!mat->empty())
                *mat = transform(*mat);
    }
};

double greyMean(const cv::Mat& image, const cv::Mat& where)
{
    const cv::Scalar mean = where.empty() ? cv::mean(image) : cv::mean(image, where);
    double sum = 0;
    for (int c = 0; c < image.channels(); ++c)
        sum += mean[c];
    return sum / image.channels();
}

cv::Mat jittered(const cv::Mat& image, const ColourJitter& jitter, double mean)
{
    if (jitter.isIdentity())
        return image;
    cv::Mat lut(1, 256, CV_8UC1);
    for (int v = 0; v < 256; ++v)
        lut.at<std::uint8_t>(v) = cv::saturate_cast<std::uint8_t>(jitter.contrast * (v - mean) +
                                                                  mean + jitter.brightness);
    cv::Mat out;
    cv::LUT(image, lut, out);
    return out;
}

cv::Mat rotated(const cv::Mat& mat, int rotation)
{
    if (rotation == 0)
        return mat;
    static constexpr cv::RotateFlags kFlags[] = {cv::ROTATE_90_CLOCKWISE, cv::ROTATE_180,
                                                 cv::ROTATE_90_COUNTERCLOCKWISE};
    cv::Mat out;
    cv::rotate(mat, out, kFlags[rotation - 1]);
    return out;
}

// Pixel indices y * width + x of `box` in an image `width` wide.
cv::Mat pixelIndices(cv::Rect box, int width)
{
    cv::Mat indices(box.size(), CV_32SC1);
    for (int y = 0; y < box.height; ++y) {
        auto* row = indices.ptr<std::int32_t>(y);
        for (int x = 0; x < box.width; ++x)
            row[x] = (box.y + y) * width + box.x + x;
    }
    return indices;
}

// np.roll: out(y, x) = in((y - dy) mod rows, (x - dx) mod cols).
cv::Mat rolled(const cv::Mat& in, int dx, int dy)
{
    dx = ((dx % in.cols) + in.cols) % in.cols;
    dy = ((dy % in.rows) + in.rows) % in.rows;
    if (dx == 0 && dy == 0)
        return in;
    cv::Mat out(in.size(), in.type());
    const int w = in.cols - dx;
    const int h = in.rows - dy;
    const auto move = [&](cv::Rect from, cv::Point to) {
        if (from.area() > 0)
            in(from).copyTo(out(cv::Rect(to, from.size())));
    };
    move({0, 0, w, h}, {dx, dy});
    move({w, 0, dx, h}, {0, dy});
    move({0, h, w, dy}, {dx, 0});
    move({w, h, dx, dy}, {0, 0});
    return out;
}

// Where position `i` of a line of `n` pixels reads from when the line is reflected at both ends,
// edge pixel repeated (cv::BORDER_REFLECT): fedcba|abcdefgh|hgfedcb.
int reflectIndex(int i, int n)
{
    const int period = 2 * n;
    i = ((i % period) + period) % period;
    return i < n ? i : period - 1 - i;
}

// out(y, x) = in(reflect(y - dy), reflect(x - dx)): a scroll that mirrors the image into the
// space it leaves instead of bringing the opposite edge round, so no intensity step appears.
cv::Mat mirrored(const cv::Mat& in, int dx, int dy)
{
    if (dx == 0 && dy == 0)
        return in;
    cv::Mat out(in.size(), in.type());
    const std::size_t pixel = in.elemSize();
    std::vector<int> columns(static_cast<std::size_t>(in.cols));
    for (int x = 0; x < in.cols; ++x)
        columns[static_cast<std::size_t>(x)] = reflectIndex(x - dx, in.cols);
    for (int y = 0; y < in.rows; ++y) {
        const std::uint8_t* from = in.ptr(reflectIndex(y - dy, in.rows));
        std::uint8_t* to = out.ptr(y);
        for (int x = 0; x < in.cols; ++x)
            std::memcpy(to + x * pixel, from + columns[static_cast<std::size_t>(x)] * pixel, pixel);
    }
    return out;
}

void pasteBlob(Canvas& canvas, const PasteRecord& record, const ResolvedPaste& resolved, int index)
{
    const Blob& blob = *resolved.blob;
    const cv::Mat source = resolved.source->image(blob.box);
    const cv::Mat patch =
        rotated(jittered(source, record.jitter, greyMean(source, blob.pixels)), record.rotation);
    const cv::Mat maskPatch = rotated(resolved.source->mask(blob.box), record.rotation);
    const cv::Mat select = rotated(blob.pixels, record.rotation);
    const cv::Rect target(record.position, patch.size());
    patch.copyTo(canvas.image(target), select);
    // The crop carries the source's class bits under the blob and drops what it covers.
    maskPatch.copyTo(canvas.mask(target), select);
    if (!canvas.paste.empty()) {
        canvas.paste(target).setTo(index, select);
        rotated(pixelIndices(blob.box, resolved.source->image.cols), record.rotation)
            .copyTo(canvas.sourcePixel(target), select);
    }
}

} // namespace

cv::Size rotatedSize(cv::Size size, int rotation)
{
    return rotation % 2 ? cv::Size(size.height, size.width) : size;
}

SyntheticSample renderSynthetic(const Provenance& provenance, const PreparedSample& base,
                                std::span<const ResolvedPaste> pastes, SyntheticTrace* trace)
{
    Canvas canvas{base.image.clone(), base.mask.clone(), {}, {}};
    if (trace) {
        canvas.paste = cv::Mat::zeros(base.image.size(), CV_32SC1);
        canvas.sourcePixel =
            pixelIndices({0, 0, base.image.cols, base.image.rows}, base.image.cols);
    }
    for (std::size_t i = 0; i < pastes.size(); ++i)
        pasteBlob(canvas, provenance.pastes[i], pastes[i], static_cast<int>(i) + 1);

    if (provenance.flipHorizontal || provenance.flipVertical) {
        const int code = provenance.flipHorizontal && provenance.flipVertical ? -1
                         : provenance.flipHorizontal                          ? 1
                                                                              : 0;
        canvas.forEach([code](const cv::Mat& m) {
            cv::Mat out;
            cv::flip(m, out, code);
            return out;
        });
    }
    if (provenance.shiftMode == ShiftMode::Wrap)
        canvas.forEach(
            [&](const cv::Mat& m) { return rolled(m, provenance.shiftX, provenance.shiftY); });
    else if (provenance.shiftMode == ShiftMode::Mirror)
        canvas.forEach(
            [&](const cv::Mat& m) { return mirrored(m, provenance.shiftX, provenance.shiftY); });
    canvas.image =
        jittered(canvas.image, provenance.finalJitter, greyMean(canvas.image, cv::Mat()));

    SyntheticSample sample{canvas.image, canvas.mask, presentClassBits(canvas.mask), provenance};
    sample.provenance.classBits = sample.classBits;
    if (trace)
        *trace = {canvas.paste, canvas.sourcePixel};
    return sample;
}

} // namespace dwb::detail

namespace dwb {
namespace {

Error mismatch(const std::string& what)
{
    return {ErrorCode::Corrupt, "provenance does not fit the pool: " + what};
}

// Finds each paste's source and blob again, checking the record against the pool.
class PasteResolver {
public:
    PasteResolver(std::span<const PreparedSample> pool, cv::Size size)
        : m_size(size)
    {
        for (const PreparedSample& sample : pool)
            m_byId.emplace(sample.id, &sample);
    }

    Result<const PreparedSample*> sample(std::int64_t id) const
    {
        const auto found = m_byId.find(id);
        if (found == m_byId.end())
            return fail(ErrorCode::NotFound,
                        "sample " + std::to_string(id) + " is not in the pool");
        if (found->second->image.size() != m_size)
            return std::unexpected(mismatch("sample " + std::to_string(id) + " has another size"));
        return found->second;
    }

    Result<detail::ResolvedPaste> resolve(const PasteRecord& paste)
    {
        auto source = sample(paste.sourceSampleId);
        if (!source)
            return std::unexpected(source.error());
        if (paste.classIndex < 0 || paste.classIndex >= kMaxClasses || paste.rotation < 0 ||
            paste.rotation > 3)
            return std::unexpected(mismatch("bad class or rotation"));
        auto& blobs = m_blobs[{paste.sourceSampleId, paste.classIndex}];
        if (blobs.empty())
            blobs = extractBlobs((*source)->mask, paste.classIndex);
        const std::string name = "blob " + std::to_string(paste.blobId) + " of class " +
                                 std::to_string(paste.classIndex) + " in sample " +
                                 std::to_string(paste.sourceSampleId);
        if (paste.blobId < 0 || std::cmp_greater_equal(paste.blobId, blobs.size()))
            return std::unexpected(mismatch(name + " does not exist"));
        const Blob& blob = blobs[static_cast<std::size_t>(paste.blobId)];
        if (blob.box != paste.crop)
            return std::unexpected(mismatch(name + " has another bounding box"));
        const cv::Rect target(paste.position, detail::rotatedSize(blob.box.size(), paste.rotation));
        if ((target & cv::Rect({0, 0}, m_size)) != target)
            return std::unexpected(mismatch(name + " is placed outside the image"));
        return detail::ResolvedPaste{*source, &blob};
    }

private:
    cv::Size m_size;
    std::unordered_map<std::int64_t, const PreparedSample*> m_byId;
    std::map<std::pair<std::int64_t, int>, std::vector<Blob>> m_blobs; // stable addresses
};

} // namespace

Result<SyntheticSample> replay(const Provenance& provenance, std::span<const PreparedSample> pool,
                               SyntheticTrace* trace)
{
    PasteResolver resolver(pool, {provenance.width, provenance.height});
    auto base = resolver.sample(provenance.baseSampleId);
    if (!base)
        return std::unexpected(base.error());
    std::vector<detail::ResolvedPaste> pastes;
    for (const PasteRecord& paste : provenance.pastes) {
        auto resolved = resolver.resolve(paste);
        if (!resolved)
            return std::unexpected(resolved.error());
        pastes.push_back(*resolved);
    }
    auto sample = detail::renderSynthetic(provenance, **base, pastes, trace);
    if (sample.classBits != provenance.classBits)
        return std::unexpected(mismatch("the replayed image shows other classes than recorded"));
    return sample;
}

} // namespace dwb
