using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntimeGenAI;
using Responses.Inference.Generation;

namespace Responses.Inference.Models;

/// <summary>
/// Returns what a burst of generations left behind once the model is idle. Both layers have to let go: ORT's arena
/// gives its free regions back to the C heap, then glibc gives its free pages back to the OS. Either alone leaves
/// most of it (embedded model after a 30k-token prompt: 300-520 MB instead of ~150 MB; 570 MB with neither).
/// </summary>
internal sealed class IdleMemoryRelease(ArenaShrink? arena, GlibcHeap? heap, ILogger logger)
{
    public bool HasWork => arena is not null || heap is not null;

    /// <summary>Call with the model's native handles held; never throws.</summary>
    public void Run()
    {
        var clock = Stopwatch.StartNew();
        try
        {
            arena?.ShrinkNow();
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            logger.LogWarning(ex, "Shrinking the CPU arena failed; the trim still runs.");
        }
        heap?.Trim();
        logger.LogDebug("Returned free native memory in {Ms:F1} ms.", clock.Elapsed.TotalMilliseconds);
    }
}
