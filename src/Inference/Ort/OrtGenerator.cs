using Microsoft.ML.OnnxRuntimeGenAI;
using Responses.Inference.Native;

namespace Responses.Inference.Ort;

/// <summary>
/// One ORT GenAI <see cref="Generator"/> behind the engine's seam. Per-token calls (<see cref="Step"/>,
/// <see cref="NextTokens"/>) catch the wrapper's exception inline rather than through a delegate, so a step allocates
/// nothing. Used by one thread; disposing frees the KV cache.
/// </summary>
/// <param name="images">The model's image processor; null for a text model.</param>
internal sealed class OrtGenerator(Generator generator, int batchSize, OrtImageInput? images = null) : INativeGenerator
{
    private const string ArenaShrinkOption = "memory.enable_memory_arena_shrinkage";
    private const string CpuArena = "cpu:0";

    private float[] logits = [];
    private int logitCount;

    public int BatchSize { get; } = batchSize;

    public int SequenceLength => Call(static g => (int)g.TokenCount());

    public void Append(ReadOnlySpan<int> tokens)
    {
        try
        {
            generator.AppendTokens(tokens);
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            throw OrtCalls.Translate(ex);
        }
    }

    public void AppendWithImages(string prompt, IReadOnlyList<ChatImage> attached)
    {
        if (images is null)
            throw new InferenceException(InferenceFailureKind.InvalidInput, "This model does not take images.");
        try
        {
            using var inputs = images.Process(prompt, attached);
            generator.SetInputs(inputs);
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            throw OrtCalls.Translate(ex);
        }
    }

    public void AppendRows(IReadOnlyList<int[]> rows)
    {
        using var sequences = OrtNative.CreateSequences(rows);
        try
        {
            generator.AppendTokenSequences(sequences);
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            throw OrtCalls.Translate(ex);
        }
    }

    public void Step()
    {
        try
        {
            generator.GenerateNextToken();
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            throw OrtCalls.Translate(ex);
        }
    }

    public ReadOnlySpan<int> NextTokens()
    {
        try
        {
            return generator.GetNextTokens();
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            throw OrtCalls.Translate(ex);
        }
    }

    public int[] Sequence() => Call(static g => g.GetSequence(0).ToArray());

    public void RewindTo(int length)
    {
        try
        {
            generator.RewindTo((ulong)length);
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            throw OrtCalls.Translate(ex);
        }
    }

    public bool IsDone() => Call(static g => g.IsDone());

    /// <remarks>One buffer per generator, reused step after step: the copy ORT makes is the only allocation.</remarks>
    public Span<float> Logits()
    {
        logitCount = OrtNative.CopyLogits(generator, ref logits);
        return logits.AsSpan(0, logitCount);
    }

    public void SetLogits(ReadOnlySpan<float> values) => OrtNative.SetLogits(generator, values, BatchSize);

    /// <summary>
    /// Every run of this generator returns the CPU arena's free regions to the C heap when it ends: ORT shrinks the
    /// arena only at the end of a run whose run options carry the key, and GenAI passes runtime options through to
    /// them. The BFC arena grows by whole regions to the peak of a run (a long prefill's attention scores: hundreds of
    /// MB) and never gives one back on its own.
    /// </summary>
    public void ShrinkArenaAfterRuns()
    {
        try
        {
            generator.SetRuntimeOption(ArenaShrinkOption, CpuArena);
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            throw OrtCalls.Translate(ex);
        }
    }

    public void Dispose() => generator.Dispose();

    /// <remarks>Static lambdas: no closure, so these calls allocate nothing either.</remarks>
    private T Call<T>(Func<Generator, T> call)
    {
        try
        {
            return call(generator);
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            throw OrtCalls.Translate(ex);
        }
    }
}
