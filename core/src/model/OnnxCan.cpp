#include "dwb/model/OnnxCan.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include <algorithm>
#include <variant>

namespace dwb {
namespace {

using onnx::AttributeProto;
using onnx::TensorProto;

// Builds the graph node by node; names are unique by construction.
class GraphBuilder {
public:
    explicit GraphBuilder(onnx::GraphProto& graph)
        : m_graph(graph)
    {
    }

    std::string constant(const std::string& name, const std::vector<std::int64_t>& dims,
                         const std::vector<float>& values)
    {
        TensorProto& tensor = *m_graph.add_initializer();
        tensor.set_name(name);
        tensor.set_data_type(TensorProto::FLOAT);
        for (const auto d : dims)
            tensor.add_dims(d);
        tensor.set_raw_data(values.data(), values.size() * sizeof(float));
        return name;
    }

    onnx::NodeProto& node(const std::string& op, const std::vector<std::string>& inputs,
                          const std::string& output)
    {
        onnx::NodeProto& node = *m_graph.add_node();
        node.set_op_type(op);
        node.set_name(output);
        for (const auto& input : inputs)
            node.add_input(input);
        node.add_output(output);
        return node;
    }

    static void ints(onnx::NodeProto& node, const std::string& name,
                     const std::vector<std::int64_t>& values)
    {
        AttributeProto& a = *node.add_attribute();
        a.set_name(name);
        a.set_type(AttributeProto::INTS);
        for (const auto v : values)
            a.add_ints(v);
    }
    static void integer(onnx::NodeProto& node, const std::string& name, std::int64_t value)
    {
        AttributeProto& a = *node.add_attribute();
        a.set_name(name);
        a.set_type(AttributeProto::INT);
        a.set_i(value);
    }
    static void real(onnx::NodeProto& node, const std::string& name, float value)
    {
        AttributeProto& a = *node.add_attribute();
        a.set_name(name);
        a.set_type(AttributeProto::FLOAT);
        a.set_f(value);
    }
    static void text(onnx::NodeProto& node, const std::string& name, const std::string& value)
    {
        AttributeProto& a = *node.add_attribute();
        a.set_name(name);
        a.set_type(AttributeProto::STRING);
        a.set_s(value);
    }

private:
    onnx::GraphProto& m_graph;
};

void declare(onnx::ValueInfoProto& value, const std::string& name,
             const std::vector<std::variant<std::int64_t, std::string>>& dims)
{
    value.set_name(name);
    auto& tensor = *value.mutable_type()->mutable_tensor_type();
    tensor.set_elem_type(TensorProto::FLOAT);
    auto& shape = *tensor.mutable_shape();
    for (const auto& d : dims) {
        auto& dim = *shape.add_dim();
        if (const auto* n = std::get_if<std::int64_t>(&d))
            dim.set_dim_value(*n);
        else
            dim.set_dim_param(std::get<std::string>(d));
    }
}

// Rows (or columns) of a `size` output that nearest upsampling from `pooled` reads, as torch's
// nearest interpolation picks them (floor(i * pooled / size)): a size x pooled 0/1 matrix,
// transposed (pooled x size) for a right multiplication.
std::vector<float> selection(int pooled, int size)
{
    std::vector<float> matrix(static_cast<std::size_t>(pooled) * static_cast<std::size_t>(size));
    const float scale = static_cast<float>(pooled) / static_cast<float>(size);
    for (int i = 0; i < size; ++i) {
        const int source = std::min(static_cast<int>(static_cast<float>(i) * scale), pooled - 1);
        matrix[static_cast<std::size_t>(source) * static_cast<std::size_t>(size) +
               static_cast<std::size_t>(i)] = 1.0f;
    }
    return matrix;
}

Status checkLayers(const std::vector<FoldedLayer>& layers, const CanOptions& options, int height,
                   int width)
{
    if (layers.size() != options.dilations.size() + 1 || height < options.pool ||
        width < options.pool || options.pool < 1)
        return fail(ErrorCode::InvalidArgument, "the model's layers do not match its options");
    int channels = options.inputChannels;
    for (const FoldedLayer& layer : layers) {
        const auto expected = static_cast<std::size_t>(layer.outputs) *
                              static_cast<std::size_t>(layer.inputs) *
                              static_cast<std::size_t>(layer.kernel * layer.kernel);
        if (layer.inputs != channels || layer.weight.size() != expected ||
            layer.bias.size() != static_cast<std::size_t>(layer.outputs))
            return fail(ErrorCode::InvalidArgument, "the model's layers do not chain");
        channels = layer.outputs;
    }
    if (channels != options.classes)
        return fail(ErrorCode::InvalidArgument, "the model's head does not give one map per class");
    return {};
}

// The dilated stack with LeakyReLU and the skip additions, then the 1x1 head; its output's name.
std::string addStack(GraphBuilder& g, const std::vector<FoldedLayer>& layers,
                     const CanOptions& options, std::string x)
{
    const std::size_t count = options.dilations.size();
    std::vector<std::string> early;
    for (std::size_t i = 0; i <= count; ++i) {
        const FoldedLayer& layer = layers[i];
        const std::string id = i < count ? std::to_string(i + 1) : std::string("head");
        const auto weight =
            g.constant("conv" + id + ".weight",
                       {layer.outputs, layer.inputs, layer.kernel, layer.kernel}, layer.weight);
        const auto bias = g.constant("conv" + id + ".bias", {layer.outputs}, layer.bias);
        const std::string conv = i < count ? "conv" + id : std::string("pooled_logits");
        auto& node = g.node("Conv", {x, weight, bias}, conv);
        const std::int64_t pad = static_cast<std::int64_t>(layer.dilation) * (layer.kernel / 2);
        GraphBuilder::ints(node, "kernel_shape", {layer.kernel, layer.kernel});
        GraphBuilder::ints(node, "dilations", {layer.dilation, layer.dilation});
        GraphBuilder::ints(node, "pads", {pad, pad, pad, pad});
        x = conv;
        if (i == count)
            break;
        auto& leaky = g.node("LeakyRelu", {x}, "act" + id);
        GraphBuilder::real(leaky, "alpha", static_cast<float>(options.leak));
        x = "act" + id;
        if (i < count / 2) {
            early.push_back(x);
        } else if (const std::size_t opposite = count - 1 - i; opposite < early.size()) {
            g.node("Add", {x, early[opposite]}, "skip" + id);
            x = "skip" + id;
        }
    }
    return x;
}

// Nearest upsampling of the head's logits back to the input size, as kOnnxMaskLogits.
void addUpsampling(GraphBuilder& g, const std::string& x, const CanOptions& options, int height,
                   int width, bool anySize)
{
    if (options.pool > 1 && anySize) {
        const auto roi = g.constant("resize_roi", {0}, {});
        const auto factor = static_cast<float>(options.pool);
        const auto scales = g.constant("resize_scales", {4}, {1.0f, 1.0f, factor, factor});
        auto& resize = g.node("Resize", {x, roi, scales}, kOnnxMaskLogits);
        GraphBuilder::text(resize, "mode", "nearest");
        GraphBuilder::text(resize, "coordinate_transformation_mode", "asymmetric");
        GraphBuilder::text(resize, "nearest_mode", "floor");
    } else if (options.pool > 1) {
        // Fixed size: the rows and columns nearest upsampling reads, as two selection products.
        const int pooledHeight = height / options.pool;
        const int pooledWidth = width / options.pool;
        const auto columns =
            g.constant("select_columns", {pooledWidth, width}, selection(pooledWidth, width));
        const auto rows =
            g.constant("select_rows", {pooledHeight, height}, selection(pooledHeight, height));
        g.node("MatMul", {x, columns}, "wide_logits");
        auto& turn = g.node("Transpose", {"wide_logits"}, "wide_logits_t");
        GraphBuilder::ints(turn, "perm", {0, 1, 3, 2});
        g.node("MatMul", {"wide_logits_t", rows}, "tall_logits_t");
        auto& back = g.node("Transpose", {"tall_logits_t"}, kOnnxMaskLogits);
        GraphBuilder::ints(back, "perm", {0, 1, 3, 2});
    } else {
        g.node("Identity", {x}, kOnnxMaskLogits);
    }
}

} // namespace

bool onnxTakesAnySize(const CanOptions& options, int height, int width)
{
    return options.pool >= 1 && height % options.pool == 0 && width % options.pool == 0;
}

Result<std::string> canToOnnx(const std::vector<FoldedLayer>& layers, const CanOptions& options,
                              int height, int width, const std::string& producerVersion)
{
    if (auto ok = checkLayers(layers, options, height, width); !ok)
        return std::unexpected(ok.error());

    onnx::ModelProto model;
    model.set_ir_version(7);
    model.set_producer_name("Defect Workbench");
    model.set_producer_version(producerVersion);
    model.set_doc_string("Context Aggregation Network for surface defects: mask and image logits "
                         "per class; scores are their sigmoid.");
    auto& opset = *model.add_opset_import();
    opset.set_domain("");
    opset.set_version(kOnnxOpset);
    onnx::GraphProto& graph = *model.mutable_graph();
    graph.set_name("can");
    GraphBuilder g(graph);

    const bool anySize = onnxTakesAnySize(options, height, width);
    using Dim = std::variant<std::int64_t, std::string>;
    const Dim h = anySize ? Dim{std::string("height")} : Dim{std::int64_t{height}};
    const Dim w = anySize ? Dim{std::string("width")} : Dim{std::int64_t{width}};
    const Dim batch = std::string("batch");
    declare(*graph.add_input(), kOnnxInput, {batch, std::int64_t{options.inputChannels}, h, w});

    std::string x = kOnnxInput;
    if (options.pool > 1) {
        auto& pool = g.node("AveragePool", {x}, "pooled");
        GraphBuilder::ints(pool, "kernel_shape", {options.pool, options.pool});
        GraphBuilder::ints(pool, "strides", {options.pool, options.pool});
        x = "pooled";
    }
    x = addStack(g, layers, options, x);
    addUpsampling(g, x, options, height, width, anySize);
    // The maximum per class (GlobalMaxPool and Flatten: OpenCV 4.6 mis-reads ReduceMax's axes).
    g.node("GlobalMaxPool", {kOnnxMaskLogits}, "peak_logits");
    auto& flat = g.node("Flatten", {"peak_logits"}, kOnnxImageLogits);
    GraphBuilder::integer(flat, "axis", 1);

    declare(*graph.add_output(), kOnnxMaskLogits, {batch, std::int64_t{options.classes}, h, w});
    declare(*graph.add_output(), kOnnxImageLogits, {batch, std::int64_t{options.classes}});
    try {
        onnx::checker::check_model(model);
    } catch (const std::exception& e) {
        return fail(ErrorCode::Internal,
                    std::string("the ONNX checker refused the graph: ") + e.what());
    }
    std::string bytes;
    if (!model.SerializeToString(&bytes))
        return fail(ErrorCode::Internal, "cannot serialize the ONNX model");
    return bytes;
}

struct OnnxCan::State {
    cv::dnn::Net net;
};

OnnxCan::OnnxCan()
    : m_state(std::make_unique<State>())
{
}
OnnxCan::~OnnxCan() = default;
OnnxCan::OnnxCan(OnnxCan&&) noexcept = default;
OnnxCan& OnnxCan::operator=(OnnxCan&&) noexcept = default;

Result<OnnxCan> OnnxCan::load(const std::filesystem::path& file)
{
    OnnxCan model;
    try {
        model.m_state->net = cv::dnn::readNetFromONNX(file.string());
    } catch (const cv::Exception& e) {
        return fail(ErrorCode::Corrupt,
                    file.string() + " is not a network OpenCV can run: " + e.err);
    }
    if (model.m_state->net.empty())
        return fail(ErrorCode::Corrupt, file.string() + " is not a network OpenCV can run");
    model.m_state->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    model.m_state->net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    return model;
}

cv::Mat onnxInput(const cv::Mat& image, bool standardize)
{
    cv::Mat scaled;
    image.convertTo(scaled, CV_32F, 1.0 / 255.0);
    if (!standardize)
        return scaled;
    cv::Scalar mean;
    cv::Scalar deviation;
    cv::meanStdDev(scaled.reshape(1), mean, deviation); // over channels and pixels together
    const double divisor = std::max(deviation[0], kMinImageDeviation);
    cv::Mat standardized;
    scaled.convertTo(standardized, CV_32F, 1.0 / divisor, -mean[0] / divisor);
    return standardized;
}

Result<OnnxCan::Output> OnnxCan::forward(const std::vector<cv::Mat>& images, bool standardize) const
{
    if (images.empty())
        return fail(ErrorCode::InvalidArgument, "no images");
    try {
        std::vector<cv::Mat> inputs;
        for (const cv::Mat& image : images)
            inputs.push_back(onnxInput(image, standardize));
        const cv::Mat blob = cv::dnn::blobFromImages(inputs, 1.0, cv::Size(), cv::Scalar(),
                                                     /*swapRB=*/false, /*crop=*/false, CV_32F);
        m_state->net.setInput(blob, kOnnxInput);
        std::vector<cv::Mat> outputs;
        m_state->net.forward(outputs, std::vector<cv::String>{kOnnxMaskLogits, kOnnxImageLogits});
        Output out{outputs.at(0).clone(), outputs.at(1).clone()};
        out.imageLogits = out.imageLogits.reshape(1, static_cast<int>(images.size()));
        return out;
    } catch (const cv::Exception& e) {
        return fail(ErrorCode::Internal, "the ONNX model failed to run: " + e.err);
    }
}

} // namespace dwb
