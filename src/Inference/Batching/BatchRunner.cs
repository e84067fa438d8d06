using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntimeGenAI;
using Responses.Inference.Generation;

namespace Responses.Inference.Batching;

/// <summary>
/// Runs one static batch synchronously (on its own thread): one Generator with batch_size N prefills every row's
/// prompt at once (ORT pads them) and steps all rows together, so a decode step reads the weights once for N
/// sequences. Each row ends on its own (end of sequence, its max_length, its client gone); the batch ends when no
/// row is left. A failure fails every row still running.
/// </summary>
internal sealed class BatchRunner(
    Model model,
    Tokenizer tokenizer,
    NativeAccess native,
    GenerationActivity activity,
    OutputSyntax syntax,
    ILogger logger)
{
    private readonly int[] eosTokenIds = tokenizer.GetEosTokenIds().ToArray();

    public void Run(IReadOnlyList<BatchRow> rows)
    {
        var decoders = new TokenDecoder?[rows.Count];
        var live = rows.Count;
        foreach (var _ in rows)
            activity.Started();
        try
        {
            using var generator = Start(rows);
            for (var i = 0; i < rows.Count; i++)
                decoders[i] = new TokenDecoder(tokenizer, native, eosTokenIds, syntax, rows[i].Prompt);
            while (live > 0 && !generator.IsDone())
            {
                live -= DropCancelled(rows, decoders);
                if (live == 0)
                    break;
                generator.GenerateNextToken();
                var next = generator.GetNextTokens();
                for (var i = 0; i < rows.Count; i++)
                {
                    if (decoders[i] is not { } decoder)
                        continue;
                    activity.TokenGenerated();
                    var row = rows[i];
                    if (decoder.Push(next[i], row.Write) && row.Prompt.TokenCount + decoder.Generated < row.Plan.MaxLength)
                        continue;
                    decoders[i] = null;
                    End(row, decoder);
                    live--;
                }
            }
            // Rows the generator ended at the batch's max_length.
            for (var i = 0; i < rows.Count; i++)
            {
                if (decoders[i] is { } decoder)
                {
                    decoders[i] = null;
                    End(rows[i], decoder);
                }
            }
        }
        catch (Exception ex)
        {
            for (var i = 0; i < rows.Count; i++)
                rows[i].Complete(ex); // a no-op for rows already ended
        }
        finally
        {
            foreach (var decoder in decoders)
                decoder?.Dispose();
            foreach (var _ in rows)
                activity.Ended();
        }
    }

    private Generator Start(IReadOnlyList<BatchRow> rows)
    {
        // Rows share the search settings (the collector groups by them) and the seed; max_length is the longest row's.
        var plan = rows[0].Plan;
        using var parameters = native.Serialized(() => new GeneratorParams(model));
        parameters.SetSearchOption("batch_size", rows.Count);
        parameters.SetSearchOption("max_length", rows.Max(r => r.Plan.MaxLength));
        parameters.SetSearchOption("do_sample", plan.DoSample);
        parameters.SetSearchOption("temperature", plan.Temperature);
        parameters.SetSearchOption("top_p", plan.TopP);
        parameters.SetSearchOption("top_k", plan.TopK);
        parameters.SetSearchOption("random_seed", plan.RandomSeed);
        var generator = native.Serialized(() => new Generator(model, parameters));
        try
        {
            using var sequences = TokenSequences.Create(rows.Select(r => r.Prompt.TokenIds).ToArray());
            generator.AppendTokenSequences(sequences);
            return generator;
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    /// <summary>Ends the rows whose client left; their sequences keep riding along (a batch row cannot be removed).</summary>
    private static int DropCancelled(IReadOnlyList<BatchRow> rows, TokenDecoder?[] decoders)
    {
        var dropped = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            if (decoders[i] is null || !rows[i].Cancellation.IsCancellationRequested)
                continue;
            rows[i].Complete(new OperationCanceledException(rows[i].Cancellation));
            decoders[i]!.Dispose();
            decoders[i] = null;
            dropped++;
        }
        return dropped;
    }

    private void End(BatchRow row, TokenDecoder decoder)
    {
        using (decoder)
            row.Write(decoder.Finish(row.Write, logger));
        row.Complete();
    }
}
