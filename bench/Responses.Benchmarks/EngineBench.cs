using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Responses.Inference;
using Responses.Inference.Catalog;
using Responses.Inference.Engine;

namespace Responses.Benchmarks;

/// <summary>The raw engine: the Inference library's <see cref="ILanguageModel"/>, in process, no HTTP.</summary>
internal sealed class EngineBench : IDisposable
{
    private readonly ModelEngine model;

    /// <param name="promptCacheEntries">
    /// 0 by default: the scenarios repeat one prompt, and a cache would time a rewind instead of the prefill.
    /// </param>
    public EngineBench(string folder, string id, int promptCacheEntries = 0)
    {
        // The server's defaults otherwise (prefill chunking, limits), so both generate the same way.
        // Inference__Threads, as the server process reads it from the environment, so both run with the same threads.
        var threads = int.TryParse(Environment.GetEnvironmentVariable("Inference__Threads"), out var count) ? count : (int?)null;
        model = ModelLoader.Open(folder, id, new InferenceOptions { PromptCacheEntries = promptCacheEntries, Threads = threads }, new RandomSeedSource(), NullLogger.Instance);
    }

    public ModelInfo Info => model.Info;

    public ILanguageModel Model => model;

    /// <summary>Renders a user message as the server does for a plain string input.</summary>
    public RenderedPrompt Render(string userText) => Render(new ChatPrompt([new ChatMessage("user", userText)]));

    public RenderedPrompt Render(ChatPrompt prompt) => model.Render(prompt);

    /// <summary>The greedy answer's text, to build the next turn of a conversation.</summary>
    public async Task<string> AnswerAsync(RenderedPrompt prompt, int maxTokens)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var output in model.GenerateAsync(prompt, new SamplingSettings(maxTokens, Temperature: 0, TopP: 1), CancellationToken.None))
        {
            if (output is TextDelta delta)
                text.Append(delta.Text);
        }

        return text.ToString();
    }

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
