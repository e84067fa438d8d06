namespace Responses.Inference.Native;

/// <summary>
/// One ORT GenAI generator: one sequence (batch size 1) or a static batch of them. Owned and used by one thread,
/// the engine's loop, for its whole life; disposing it frees its KV cache.
/// </summary>
internal interface INativeGenerator : IDisposable
{
    /// <summary>Rows of the batch (1 for a lone generator).</summary>
    int BatchSize { get; }

    /// <summary>Tokens of row 0 so far: what was appended plus what was generated (the last generated one not yet run).</summary>
    int SequenceLength { get; }

    /// <summary>Runs the model over <paramref name="tokens"/> appended to the sequence (batch size 1).</summary>
    void Append(ReadOnlySpan<int> tokens);

    /// <summary>
    /// Runs the model over a prompt with images (batch size 1), as the model's processor expands each image's marker in
    /// <paramref name="prompt"/>: only a fresh generator's first input can carry images, so this comes first or not at all.
    /// </summary>
    void AppendWithImages(string prompt, IReadOnlyList<ChatImage> images);

    /// <summary>Prefills every row at once, padded to the longest (only once, on a new batch generator).</summary>
    void AppendRows(IReadOnlyList<int[]> rows);

    /// <summary>Runs the model if needed and picks the next token of every row.</summary>
    void Step();

    /// <summary>The token each row got from the last <see cref="Step"/>, by row.</summary>
    ReadOnlySpan<int> NextTokens();

    /// <summary>A copy of row 0's sequence.</summary>
    int[] Sequence();

    /// <summary>Forgets everything after the first <paramref name="length"/> tokens (batch size 1).</summary>
    void RewindTo(int length);

    /// <summary>Every row ended (end of sequence or max_length), as the engine's search sees it.</summary>
    bool IsDone();

    /// <summary>
    /// The next-token logits of every row ([batch, vocabulary] floats, row after row), computing them first if the
    /// model has not run since the last step. The adapter's own buffer, reused every step: changes reach sampling only through <see cref="SetLogits"/>.
    /// </summary>
    Span<float> Logits();

    /// <summary>Replaces the logits the next <see cref="Step"/> samples from (same shape as <see cref="Logits"/>).</summary>
    void SetLogits(ReadOnlySpan<float> logits);
}
