using System.Text.Json;

namespace Responses.Server.Storage;

/// <summary>What GET, cancel and resumed streams need to know of a stored Response, read from its JSON.</summary>
/// <param name="Status">The Response's status ("queued", "in_progress", "completed", ...).</param>
/// <param name="Background">Whether it was created with background: true.</param>
/// <param name="CreatedAt">Unix seconds.</param>
public readonly record struct StoredResponseState(string Status, bool Background, long CreatedAt)
{
    public bool IsUnfinished => Status is "queued" or "in_progress";

    public static StoredResponseState Read(ReadOnlyMemory<byte> responseJson)
    {
        using var document = JsonDocument.Parse(responseJson);
        var root = document.RootElement;
        return new StoredResponseState(
            root.GetProperty("status").GetString() ?? string.Empty,
            root.TryGetProperty("background", out var background) && background.ValueKind == JsonValueKind.True,
            root.GetProperty("created_at").GetInt64());
    }
}
