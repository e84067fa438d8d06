namespace Responses.Inference.Native;

/// <summary>The search options a generator is created with; none can change afterwards.</summary>
/// <param name="MaxLength">Tokens a row may hold in all (prompt and output); a shared KV buffer is allocated at this length.</param>
/// <param name="RandomSeed">An int of 0 or more: an unset seed makes ORT GenAI read the OS random device (12-14 ms).</param>
internal sealed record GeneratorSettings(int BatchSize, int MaxLength, bool DoSample, double Temperature, double TopP, int TopK, int RandomSeed)
{
    /// <summary>The constrained-decoding grammar, or null for free text.</summary>
    public GuidanceSpec? Guidance { get; init; }
}

/// <summary>A constrained-decoding grammar as ORT GenAI's guidance (llguidance) takes it.</summary>
/// <param name="Type">The guidance type ("json_schema").</param>
/// <param name="Data">The grammar's text.</param>
internal sealed record GuidanceSpec(string Type, string Data);
