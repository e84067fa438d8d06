using Microsoft.Extensions.Logging.Abstractions;
using Responses.Inference;
using Responses.Inference.Catalog;
using Responses.Inference.Engine;
using Responses.Inference.Ort;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Inference;

/// <summary>The tiny read-only models in ../shared/models next to the repository, when that folder exists.</summary>
internal static class TestModels
{
    public const string Llama = "tiny-random-LlamaForCausalLM-fp16";
    public const string Gpt2 = "tiny-random-gpt2-fp32-tok1000";
    public const string Lfm2 = "tiny-random-lfm2-fp32-tok1000";
    public const string Qwen = "tiny-qwen35-fp16-cpu-tok1000";

    /// <summary>../shared/models, or null when this machine does not have it.</summary>
    public static readonly string? Root = RepositoryPaths.SharedModelsMissing is null ? RepositoryPaths.SharedModels : null;

    /// <summary>Why the model tests are skipped here, or null when the models are present.</summary>
    public static string? SkipReason => RepositoryPaths.SharedModelsMissing;

    public static string PathOf(string name) => Path.Combine(Root ?? throw new InvalidOperationException(SkipReason), name);

    /// <summary>
    /// Every tiny model, whether or not its folder is there: where ../shared/models exists a missing model is a
    /// failure naming its path, not a theory case quietly left out.
    /// </summary>
    public static TheoryData<string> All() => [Llama, Gpt2, Lfm2, Qwen];

    public static ModelEngine Load(string name, int prefillChunkTokens = 0, string? chatTemplate = null) =>
        LoadFolder(PathOf(name), name, prefillChunkTokens, chatTemplate);

    /// <summary>A model folder behind the ORT GenAI adapter only (no engine, no probes): for tests of the seam itself.</summary>
    public static OrtModel Native(string path) =>
        OrtModel.Load(path, new OrtLoadSettings(1, ProbeChunking: false, ProbeContinuation: false, ProbeBatching: false), NullLogger.Instance);

    public static ModelEngine LoadFolder(
        string path, string id, int prefillChunkTokens = 0, string? chatTemplate = null, int defaultMaxOutputTokens = 4096, double stallSeconds = 30,
        bool releaseIdleMemory = true, int promptCacheEntries = 4, int promptCacheMiB = 1024, int maxBatchSize = 1, int batchWindowMilliseconds = 10,
        int parallelRuns = 1) =>
        ModelLoader.Open(
            path,
            id,
            new InferenceOptions
            {
                ChatTemplate = chatTemplate,
                PrefillChunkTokens = prefillChunkTokens,
                DefaultMaxOutputTokens = defaultMaxOutputTokens,
                StalledReaderTimeoutSeconds = stallSeconds,
                ReleaseIdleMemory = releaseIdleMemory,
                // At once, so a generation right after another runs after its release (the path the release tests cover).
                ReleaseIdleMemoryAfterSeconds = 0,
                PromptCacheEntries = promptCacheEntries,
                PromptCacheMiB = promptCacheMiB,
                MaxBatchSize = maxBatchSize,
                BatchWindowMilliseconds = batchWindowMilliseconds,
                ParallelRuns = parallelRuns,
            },
            new FixedSeeds(),
            NullLogger.Instance);

    /// <summary>A writable copy, for tests that edit the config.</summary>
    public static string Copy(string name)
    {
        var target = Path.Combine(Path.GetTempPath(), "responses-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(PathOf(name)))
        {
            var copy = Path.Combine(target, Path.GetFileName(file));
            File.Copy(file, copy);
            File.SetAttributes(copy, FileAttributes.Normal);
        }
        return target;
    }

    public static async Task<(string Text, GenerationFinished Finished, int Deltas)> CollectAsync(
        ILanguageModel model, RenderedPrompt prompt, SamplingSettings sampling, CancellationToken cancellationToken = default)
    {
        var text = new System.Text.StringBuilder();
        GenerationFinished? finished = null;
        var deltas = 0;
        await foreach (var item in model.GenerateAsync(prompt, sampling, cancellationToken))
        {
            Assert.Null(finished); // nothing after the final event
            switch (item)
            {
                case TextDelta delta:
                    text.Append(delta.Text);
                    deltas++;
                    break;
                case GenerationFinished done:
                    finished = done;
                    break;
            }
        }
        Assert.NotNull(finished);
        return (text.ToString(), finished, deltas);
    }

    public static ChatPrompt UserSays(string text) => new([new ChatMessage("user", text)]);

    private sealed class FixedSeeds : ISeedSource
    {
        public ulong NextSeed() => 1234;
    }
}

/// <summary>A fact that is skipped, saying why, when the tiny models are absent.</summary>
public sealed class ModelFactAttribute : FactAttribute
{
    public ModelFactAttribute()
    {
        Skip = TestModels.SkipReason;
    }
}

/// <summary>A theory over the tiny models, skipped when they are absent.</summary>
public sealed class ModelTheoryAttribute : TheoryAttribute
{
    public ModelTheoryAttribute()
    {
        Skip = TestModels.SkipReason;
    }
}
