using System.Text.Json.Nodes;
using Responses.Conformance.Spec;
using Responses.Conformance.Streaming;

namespace Responses.Tests.Conformance;

/// <summary>The repository's spec, converted once per test class, and the recorded replies of our server in Data/.</summary>
public sealed class SpecFixture
{
    public SpecFixture()
    {
        Schemas = SpecSchemas.FromYaml(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "spec", "openapi.yaml")));
        Validator = new SpecValidator(Schemas);
    }

    public SpecSchemas Schemas { get; }

    public SpecValidator Validator { get; }

    /// <summary>A fresh copy of a recorded non-streamed Response (incomplete at 16 tokens).</summary>
    public static JsonObject Response() => JsonNode.Parse(File.ReadAllText(Data("response.json")))!.AsObject();

    /// <summary>A fresh copy of a recorded stream: created ... 16 text deltas ... response.incomplete.</summary>
    public static List<StreamEvent> Stream()
    {
        using var file = File.OpenRead(Data("stream.sse"));
        return [.. SseReader.ReadAsync(file, CancellationToken.None).GetAwaiter().GetResult().Events];
    }

    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);
}
