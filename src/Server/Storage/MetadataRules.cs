using Responses.Server.Errors;

namespace Responses.Server.Storage;

/// <summary>OpenAI's bounds on metadata: at most 16 pairs, keys up to 64 characters, values up to 512.</summary>
public static class MetadataRules
{
    public const int MaxPairs = 16;
    public const int MaxKeyLength = 64;
    public const int MaxValueLength = 512;

    /// <exception cref="ApiException">400 naming the metadata (or the key) at fault.</exception>
    public static void Check(IDictionary<string, string> metadata)
    {
        if (metadata.Count > MaxPairs)
        {
            throw ApiException.InvalidRequest(
                $"Invalid 'metadata': too many properties. Expected an object with at most {MaxPairs} properties, but got an object with {metadata.Count} properties instead.",
                "metadata",
                ErrorTypes.InvalidValue);
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length > MaxKeyLength)
            {
                throw ApiException.InvalidRequest(
                    $"Invalid 'metadata': string too long. Expected a key with maximum length {MaxKeyLength}, but got a key with length {key.Length} instead.",
                    "metadata",
                    ErrorTypes.InvalidValue);
            }

            if (value is null || value.Length > MaxValueLength)
            {
                throw ApiException.InvalidRequest(
                    $"Invalid 'metadata.{key}': expected a string of at most {MaxValueLength} characters.",
                    $"metadata.{key}",
                    ErrorTypes.InvalidValue);
            }
        }
    }
}
