using Responses.Inference.EmbeddedModel;
using Responses.Inference.Engine;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// The embedded model, written once per test run into a temporary folder: every machine has it, so the engine's
/// lifecycle tests (cancellation, back-pressure, concurrency, disposal) never depend on ../shared.
/// </summary>
internal static class EmbeddedModel
{
    private static readonly Lazy<string> Folder = new(() =>
        new EmbeddedModelWriter().EnsureWritten(Path.Combine(Path.GetTempPath(), "responses-tests", "embedded-model")));

    public static string FolderPath => Folder.Value;

    /// <summary>
    /// A fresh model instance (its own counters), loaded from the shared folder in about 100 ms. One model run at a time
    /// unless a test asks for more, so what batches does not depend on the machine's cores.
    /// </summary>
    public static ModelEngine Load(double stallSeconds = 30, int promptCacheEntries = 4, int prefillChunkTokens = 1024, int maxBatchSize = 1,
        int batchWindowMilliseconds = 10, int parallelRuns = 1) =>
        TestModels.LoadFolder(FolderPath, EmbeddedModelWriter.ModelId, prefillChunkTokens: prefillChunkTokens, stallSeconds: stallSeconds,
            promptCacheEntries: promptCacheEntries, maxBatchSize: maxBatchSize, batchWindowMilliseconds: batchWindowMilliseconds,
            parallelRuns: parallelRuns);
}
