using System.Diagnostics;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Responses.Benchmarks;

/// <summary>
/// The floor: ONNX Runtime GenAI's own generator loop, greedy, on the same token ids, with no detokenizing, no
/// channel and no events. Same chunked prefill as the Inference library.
/// </summary>
internal sealed class OrtDirectBench : IDisposable
{
    /// <summary>The server's default (Inference:PrefillChunkTokens), so both prefill the same way.</summary>
    private const int PrefillChunkTokens = 1024;

    private readonly Model model;

    public OrtDirectBench(string folder)
    {
        using var config = new Config(folder);
        config.ClearProviders();
        model = new Model(config);
    }

    /// <param name="jsonSchema">A grammar to decode under (ORT GenAI guidance, json_schema), or null for free decoding.</param>
    public Measurement Generate(int[] promptTokens, int maxTokens, string? jsonSchema = null)
    {
        var clock = Stopwatch.StartNew();
        using var parameters = new GeneratorParams(model);
        parameters.SetSearchOption("max_length", promptTokens.Length + maxTokens);
        parameters.SetSearchOption("do_sample", false);
        if (jsonSchema is not null)
            parameters.SetGuidance("json_schema", jsonSchema);
        using var generator = new Generator(model, parameters);
        for (var appended = 0; appended < promptTokens.Length; appended += PrefillChunkTokens)
        {
            generator.AppendTokens(promptTokens.AsSpan(appended, Math.Min(PrefillChunkTokens, promptTokens.Length - appended)));
        }

        TimeSpan? first = null;
        var generated = 0;
        while (!generator.IsDone())
        {
            generator.GenerateNextToken();
            generated++;
            first ??= clock.Elapsed;
        }

        var total = clock.Elapsed;
        return new Measurement(first ?? total, total, generated);
    }

    public void Dispose() => model.Dispose();
}
