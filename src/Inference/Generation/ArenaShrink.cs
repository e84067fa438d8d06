using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Responses.Inference.Generation;

/// <summary>
/// Hands the free regions of ORT's CPU arena back to the C heap. The BFC arena grows by whole regions to the peak
/// of a run (a long prefill's attention scores: hundreds of MB) and never gives one back on its own; ORT only
/// releases free regions at the end of a run whose run options carry "memory.enable_memory_arena_shrinkage".
/// GenAI passes any <see cref="Generator.SetRuntimeOption"/> key through to those run options.
/// </summary>
internal sealed class ArenaShrink
{
    private const string OptionKey = "memory.enable_memory_arena_shrinkage";
    private const string CpuArena = "cpu:0";

    private readonly Model model;
    private readonly NativeAccess native;

    private ArenaShrink(Model model, NativeAccess native)
    {
        this.model = model;
        this.native = native;
    }

    /// <summary>
    /// Null when the model's session has no CPU arena (genai_config "enable_cpu_mem_arena": false): ORT then fails
    /// every run that asks for a shrink, so a shrink at load finds out instead of a request.
    /// </summary>
    public static ArenaShrink? TryCreate(Model model, NativeAccess native, ILogger logger)
    {
        var shrink = new ArenaShrink(model, native);
        try
        {
            shrink.ShrinkNow();
            return shrink;
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            logger.LogInformation("The model's CPU arena cannot be shrunk ({Message}); its memory is kept after long prompts.", ex.Message.Split('\n', 2)[0]);
            return null;
        }
    }

    /// <summary>The generator's next run (and every one after it, until <see cref="NotOnNextRun"/>) shrinks the arena when it ends.</summary>
    public void OnNextRun(Generator generator) => generator.SetRuntimeOption(OptionKey, CpuArena);

    /// <summary>An empty value is what ORT reads as "no shrink"; a shrink on every decode step would re-fault the KV cache each token.</summary>
    public void NotOnNextRun(Generator generator) => generator.SetRuntimeOption(OptionKey, "");

    /// <summary>
    /// A one-token run whose only purpose is the shrink at its end: outside a generation nothing else runs the
    /// session, and the arena is only shrunk at the end of a run.
    /// </summary>
    public void ShrinkNow()
    {
        using var parameters = native.Serialized(() => new GeneratorParams(model));
        parameters.SetSearchOption("max_length", 2);
        parameters.SetSearchOption("random_seed", 0); // an unset seed reads the OS random device
        using var generator = native.Serialized(() => new Generator(model, parameters));
        OnNextRun(generator);
        ReadOnlySpan<int> token = [0]; // any id: the logits are thrown away
        generator.AppendTokens(token);
    }
}
