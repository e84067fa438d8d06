using Responses.Inference.Native;

namespace Responses.Inference.Engine;

/// <summary>
/// One native generator in the engine's loop and the sequences that are its rows: one (a lone lane: prefilled in
/// chunks, continued from or kept in the prompt cache) or several (a static batch: one padded prefill, one step for
/// all rows). A warm-up is a lone lane without a row: it prefills a finished batch row's tokens into a generator of
/// its own for the prompt cache, since a batch generator cannot be kept for one of its rows; a sequence whose prompt
/// extends those tokens adopts it.
/// </summary>
internal sealed class Lane
{
    private Lane(INativeGenerator generator, Sequence?[] rows, int[] target, int appended, int capacity, SearchKey search, bool warmUp)
    {
        Generator = generator;
        Rows = rows;
        Target = target;
        Appended = appended;
        Capacity = capacity;
        Search = search;
        WarmUp = warmUp;
        Prompts = rows.Length > 1 ? [.. rows.Select(row => row!.Prompt.TokenIds)] : [];
    }

    public INativeGenerator Generator { get; }

    /// <summary>The rows, by batch index; null once a row has left (its tokens still ride along in a batch).</summary>
    public Sequence?[] Rows { get; }

    /// <summary>A batch's prompts by row, for its one padded prefill (a row may leave before it).</summary>
    public int[][] Prompts { get; }

    public bool Batched => Rows.Length > 1;

    /// <summary>A warm-up: prefilling for the prompt cache, no reader (until a sequence adopts it).</summary>
    public bool WarmUp { get; private set; }

    /// <summary>A native call of this lane failed: it is freed, never kept.</summary>
    public bool Failed { get; set; }

    /// <summary>What the native part of this turn's step or prefill threw, for the loop to handle after it.</summary>
    public Exception? StepError { get; set; }

    /// <summary>Prompt tokens this turn's prefill chunk appends.</summary>
    public int ChunkLength { get; set; }

    /// <summary>A lone lane's tokens to prefill: its sequence's prompt, or a warm-up's finished row.</summary>
    public int[] Target { get; private set; }

    /// <summary>How much of <see cref="Target"/> is in the KV cache.</summary>
    public int Appended { get; set; }

    /// <summary>The max_length the generator was created with.</summary>
    public int Capacity { get; }

    public SearchKey Search { get; }

    /// <summary>A batch's rows were appended (its one padded prefill).</summary>
    public bool RowsAppended { get; set; }

    /// <summary>Its prefill is done and it generates.</summary>
    public bool Prefilled => Batched ? RowsAppended : Appended >= Target.Length;

    /// <summary>Rows still generating.</summary>
    public int LiveRows
    {
        get
        {
            var live = 0;
            foreach (var row in Rows)
                live += row is { Ended: false } ? 1 : 0;
            return live;
        }
    }

    public static Lane Lone(INativeGenerator generator, Sequence sequence, int reused, int capacity) =>
        new(generator, [sequence], sequence.Prompt.TokenIds, reused, capacity, SearchKey.Of(sequence.Plan), warmUp: false);

    public static Lane Batch(INativeGenerator generator, Sequence[] rows, int capacity) =>
        new(generator, [.. rows], [], 0, capacity, SearchKey.Of(rows[0].Plan), warmUp: false);

    public static Lane Warm(INativeGenerator generator, int[] tokens, int capacity, SearchKey search) =>
        new(generator, [null], tokens, 0, capacity, search, warmUp: true);

    /// <summary>A sequence takes over a warm-up whose tokens its prompt starts with: the rest of the prompt is prefilled on top.</summary>
    public void Adopt(Sequence sequence)
    {
        Rows[0] = sequence;
        Target = sequence.Prompt.TokenIds;
        WarmUp = false;
    }
}
