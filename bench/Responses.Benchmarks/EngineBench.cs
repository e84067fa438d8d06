using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Responses.Inference;
using Responses.Inference.Catalog;
using Responses.Inference.Generation;
using Responses.Inference.Models;

namespace Responses.Benchmarks;

/// <summary>The raw engine: the Inference library's <see cref="ILanguageModel"/>, in process, no HTTP.</summary>
internal sealed class EngineBench : IDisposable
{
    private readonly OrtLanguageModel model;

    public EngineBench(string folder, string id)
    {
        // The server's defaults (prefill chunking, limits), so both generate the same way.
        model = OrtLanguageModel.Load(folder, id, new InferenceOptions(), new RandomSeedSource(), NullLogger<OrtLanguageModel>.Instance);
    }

    public ModelInfo Info => model.Info;

    /// <summary>Renders a user message as the server does for a plain string input.</summary>
    public RenderedPrompt Render(string userText) => model.Render(new ChatPrompt([new ChatMessage("user", userText)]));

    public async Task<Measurement> GenerateAsync(RenderedPrompt prompt, int maxTokens)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? first = null;
        GenerationFinished? finished = null;
        await foreach (var output in model.GenerateAsync(prompt, new SamplingSettings(maxTokens, Temperature: 0, TopP: 1), CancellationToken.None))
        {
            switch (output)
            {
                case TextDelta:
                    first ??= clock.Elapsed;
                    break;
                case GenerationFinished done:
                    finished = done;
                    break;
            }
        }

        var total = clock.Elapsed;
        return new Measurement(first ?? total, total, finished?.Usage.OutputTokens ?? 0);
    }

    public void Dispose() => model.Dispose();
}
