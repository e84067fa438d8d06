using System.ComponentModel.DataAnnotations;

namespace Responses.Server.Runs;

/// <summary>
/// What one request may hold ("Limits" section, Limits__* variables): each refusal is a 4xx that names its limit.
/// Generous for agents that resend a whole session every turn; tight enough that no body can exhaust memory.
/// </summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Bytes of request body, counted after decompression (a gzip/br/zstd bomb stops here): 413 beyond.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Items in one request's input array (or messages of a chat completion): 400 beyond.</summary>
    [Range(1, int.MaxValue)]
    public int MaxInputItems { get; set; } = 10_000;

    /// <summary>Tools one request declares: 400 beyond.</summary>
    [Range(1, int.MaxValue)]
    public int MaxTools { get; set; } = 512;

    /// <summary>Bytes of one input_file's content (decoded file_data): 400 beyond. A PDF's text and a source file fit well within.</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>How deep a request's JSON may nest (objects and arrays): 400 beyond. System.Text.Json's own default.</summary>
    [Range(8, 1024)]
    public int MaxJsonDepth { get; set; } = 64;
}
