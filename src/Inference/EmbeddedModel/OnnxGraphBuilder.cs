using Google.Protobuf;
using Onnx;

namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// Thin helper over the ONNX protobuf types so graph code reads like the model math rather than
/// protobuf plumbing. Generates unique value names per graph; a Loop body gets its own builder.
/// </summary>
internal sealed class OnnxGraphBuilder(string prefix)
{
    private int _nextId;

    public GraphProto Graph { get; } = new() { Name = prefix };

    public const string MicrosoftDomain = "com.microsoft";

    /// <summary>Adds a node with a single output and returns that output's name.</summary>
    public string Node(string opType, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        NodeIn(string.Empty, opType, inputs, 1, attributes)[0];

    /// <summary>Adds a node in <paramref name="domain"/> with <paramref name="outputCount"/> outputs.</summary>
    public string[] NodeIn(string domain, string opType, IEnumerable<string> inputs, int outputCount, params AttributeProto[] attributes)
    {
        var id = _nextId++;
        var node = new NodeProto { Name = $"{prefix}/{opType}_{id}", OpType = opType, Domain = domain };
        node.Input.AddRange(inputs);
        var outputs = Enumerable.Range(0, outputCount).Select(i => $"{prefix}/{opType}_{id}/out{i}").ToArray();
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return outputs;
    }

    /// <summary>Adds a node whose outputs must carry fixed names (graph outputs such as present.N.key).</summary>
    public void NamedNode(string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { Name = $"{prefix}/{opType}_{_nextId++}", OpType = opType };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
    }

    /// <summary>This graph as a whole model on the default ONNX opset 17 (and com.microsoft 1 for contrib ops).</summary>
    public ModelProto ToModel() => new()
    {
        IrVersion = 8,
        ProducerName = "responses-embedded-model",
        Graph = Graph,
        OpsetImport =
        {
            new OperatorSetIdProto { Domain = string.Empty, Version = 17 },
            new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 },
        },
    };

    public string Weight(string name, float[] data, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        Graph.Initializer.Add(tensor);
        return name;
    }

    public string Bytes(string name, byte[] data, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Uint8 };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(data);
        Graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A 1-D int64 constant (shapes, axes, slice bounds).</summary>
    public string Int64s(params long[] values) => Int64Tensor(values, [values.Length]);

    /// <summary>A 0-D int64 constant (Range bounds, Loop arithmetic).</summary>
    public string Int64Scalar(long value) => Int64Tensor([value], []);

    public string FloatScalar(float value) => Weight($"{prefix}/const_{_nextId++}", [value]);

    private string Int64Tensor(long[] values, long[] dims)
    {
        var tensor = new TensorProto { Name = $"{prefix}/const_{_nextId++}", DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public void Input(string name, TensorProto.Types.DataType type, params object[] dims) =>
        Graph.Input.Add(ValueInfo(name, type, dims));

    public void Output(string name, TensorProto.Types.DataType type, params object[] dims) =>
        Graph.Output.Add(ValueInfo(name, type, dims));

    /// <summary>Value info with mixed symbolic (string) and fixed (int) dimensions; null dims means unknown rank.</summary>
    public static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, object[]? dims)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)type };
        if (dims is not null)
        {
            tensorType.Shape = new TensorShapeProto();
            foreach (var dim in dims)
            {
                tensorType.Shape.Dim.Add(dim is string symbol
                    ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                    : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture) });
            }
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }

    public static AttributeProto Attr(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attr(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Attr(string name, long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Attr(string name, GraphProto graph) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = graph };
}
